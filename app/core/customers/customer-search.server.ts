import { Prisma } from "~/db/generated/client";
import { likeContains, type SearchPlan } from "./customer-search";

// The SQL of a customer search, shared by the customers and the orders list. The expressions are
// those of the trigram indexes in the list_search_indexes migration, character for character in
// meaning: change one, change both, or the search reads every row.

const SEARCH_TEXT = Prisma.sql`lower(coalesce(c."firstName", '') || ' ' || coalesce(c."lastName", '') || ' ' || coalesce(c."email", '') || ' ' || coalesce(c."addressCity", ''))`;
const PHONE_DIGITS = Prisma.sql`regexp_replace(c."phone", '[^0-9]', '', 'g')`;

/**
 * Conditions on customer `c` for what the query says about the person: all words in the name,
 * e-mail or city, or the phone number; a whole e-mail address by the address. Words shorter than three characters are matched too, but
 * not through the index: the pages refuse such searches (list-params.ts), callers that ask get
 * a correct, slower answer.
 */
export function customerPersonMatch(plan: SearchPlan): Prisma.Sql {
  if (plan.email) return Prisma.sql`c."emailNormalized" = ${plan.email}`;
  const words = Prisma.sql`(${Prisma.join(plan.words.map((word) => Prisma.sql`${SEARCH_TEXT} LIKE ${likeContains(word)}`), " AND ")})`;
  if (!plan.phoneDigits) return words;
  return Prisma.sql`(${words} OR (c."phone" IS NOT NULL AND ${PHONE_DIGITS} LIKE ${likeContains(plan.phoneDigits)}))`;
}

/**
 * The ids of the shop's customers the query finds by person, as an array computed once: used as
 * `"customerId" = ANY(...)` it lets the orders list read the matching customers' orders through
 * its (shopId, customerId) index. Erased customers hold no personal data to match, and must
 * never be found by it.
 */
export function matchingCustomerIds(shopId: string, plan: SearchPlan): Prisma.Sql {
  return Prisma.sql`ARRAY(SELECT c.id FROM "Customer" c WHERE c."shopId" = ${shopId}::uuid AND c."redactedAt" IS NULL AND ${customerPersonMatch(plan)})`;
}
