import { errors } from "../kernel/errors.js";
import { dataObject, isObject, type PortalAnswer } from "./tickets-api.js";

/** Keys the agreement document must have (Whostmgr/TicketSupport.pm `get_support_agreement`). */
const REQUIRED_KEYS = ["version", "create_date", "view_url", "download_url", "title", "body"] as const;

/** The agreement document, checked as WHM checks it. */
export function agreementDocument(answer: PortalAnswer): Record<string, unknown> {
  if (answer.status !== 200) throw errors.ticketAgreementStatus(answer.status);
  if (!isObject(answer.body)) throw errors.portalMalformed();
  for (const key of REQUIRED_KEYS) {
    if (answer.body[key] === undefined || answer.body[key] === null)
      throw errors.ticketAgreementKeyMissing(key);
  }
  return answer.body;
}

/**
 * WHM's acceptance rule: the user accepted this version, after it was published. A failed status
 * read is not fatal (WHM logs it and reports the agreement as not accepted).
 */
export function acceptance(
  agreement: Record<string, unknown>,
  status: PortalAnswer | undefined,
): { accepted: 0 | 1; accepted_date: number | null } {
  const approval = status?.status === 200 ? dataObject(status) : undefined;
  const timestamp = Number(approval?.timestamp);
  const accepted =
    Boolean(approval?.agreed) &&
    timestamp > 0 &&
    Number(agreement.create_date) > 0 &&
    timestamp > Number(agreement.create_date) &&
    String(approval?.version) === String(agreement.version);
  return accepted ? { accepted: 1, accepted_date: timestamp } : { accepted: 0, accepted_date: null };
}

/** cPanel's `[datetime,_1,date_format_short]` in the `en` locale (CLDR `M/d/yy`), in UTC. */
export function dateFormatShort(epochSeconds: unknown): string | null {
  const seconds = Number(epochSeconds);
  if (!seconds) return null;
  const date = new Date(seconds * 1000);
  return `${date.getUTCMonth() + 1}/${date.getUTCDate()}/${String(date.getUTCFullYear() % 100).padStart(2, "0")}`;
}
