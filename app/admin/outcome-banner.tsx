import { Banner, type BannerProps } from "@shopify/polaris";

/** What the page's last action did, one paragraph a line, in a banner the browser tests find by its test id. */
export function OutcomeBanner({ testId, tone, lines }: { testId: string; tone: BannerProps["tone"]; lines: readonly string[] }) {
  return (
    <div data-testid={testId}>
      <Banner tone={tone}>
        {lines.map((line) => (
          <p key={line}>{line}</p>
        ))}
      </Banner>
    </div>
  );
}
