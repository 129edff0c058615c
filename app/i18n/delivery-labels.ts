import type { FailureReasonCode } from "~/webhooks/failure-reasons";
import { isMessageKey, type MessageKey, type Translate } from "./translate";

// Words for what the webhook problems page shows: a delivery's topic and why it failed.

/** "customers/create" → "Kunde angelegt"; a topic without a translation is shown as sent. */
export function webhookTopicLabel(t: Translate, topic: string): string {
  const key = `deliveries.topic.${topic}`;
  return isMessageKey(key) ? t(key) : topic;
}

/** The three messages of a reason: what it is called, what happened, what the merchant can do. */
export function failureReasonKeys(code: FailureReasonCode): { title: MessageKey; explain: MessageKey; action: MessageKey } {
  return {
    title: `deliveries.reason.${code}.title`,
    explain: `deliveries.reason.${code}.explain`,
    action: `deliveries.reason.${code}.action`,
  };
}
