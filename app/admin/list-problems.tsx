import { Banner } from "@shopify/polaris";
import type { Translate } from "~/i18n/translate";
import type { ListProblem } from "./list-params";

/** What the page says about one part of its address it did not follow, in the merchant's language. */
function listProblemMessage(t: Translate, problem: ListProblem): string {
  switch (problem.kind) {
    case "invalid":
      return t("lists.problem.invalid", { value: problem.value, param: t(`lists.param.${problem.param}`) });
    case "fromAfterTo":
      return t("lists.problem.fromAfterTo", { from: problem.from, to: problem.to });
    case "searchTooShort":
      return t("lists.problem.searchTooShort", { query: problem.query });
    case "pageBeyondEnd":
      return t("lists.problem.pageBeyondEnd", { page: problem.page, lastPage: problem.lastPage });
  }
}

/** A warning above a list naming each part of the address that was ignored; nothing when all applied. */
export function ListProblemsBanner({ t, problems }: { t: Translate; problems: ListProblem[] }) {
  if (problems.length === 0) return null;
  return (
    <div data-testid="invalid-params">
      <Banner tone="warning" title={t("list.invalidParams.title")}>
        <ul style={{ margin: 0, paddingInlineStart: "1.25rem" }}>
          {problems.map((problem) => (
            <li key={listProblemMessage(t, problem)}>{listProblemMessage(t, problem)}</li>
          ))}
        </ul>
      </Banner>
    </div>
  );
}
