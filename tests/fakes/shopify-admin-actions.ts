import type { FakeDataset, Node } from "./shopify-admin-server";

// The fake Admin API's mutations for outbound actions, written from Shopify's GraphQL Admin
// reference (2026-10), not from the app's code:
// - discountCodeBasicCreate(basicCodeDiscount), discountCodeFreeShippingCreate(freeShippingCodeDiscount),
//   discountCodeBxgyCreate(bxgyCodeDiscount) → { codeDiscountNode, userErrors: [DiscountUserError] }.
//   Required on creation: code, title, startsAt, context (or the deprecated customerSelection);
//   customerGets for basic and BXGY, customerBuys for BXGY. Codes are unique per shop, compared
//   without regard to case (TAKEN on the code field). A `percentage` is a fraction 0–1
//   (VALUE_OUTSIDE_RANGE); BXGY supports neither `percentage` nor `discountAmount` in customerGets
//   (only discountOnQuantity); usageLimit and usesPerOrderLimit must be positive (GREATER_THAN);
//   endsAt after startsAt (END_DATE_BEFORE_START_DATE); customer and variant ids must exist
//   (INVALID on the field holding them). Decimal and UnsignedInt64 inputs must be strings of
//   digits, or the request fails as a whole with a GraphQL error, as variable coercion does.
// - discountCodeDeactivate(id): the discount ends now (status EXPIRED); an unknown id → INVALID on `id`.
// - tagsAdd / tagsRemove(id, tags): tags as a list or one comma-separated string; adding an existing
//   tag changes nothing; unknown id → a UserError on `id` (UserError has no code).
// - metafieldsSet(metafields): at most 25, all or nothing; ownerId must exist (INVALID on
//   metafields.N.ownerId); namespace 3–255 and key 2–64 characters; the type must be a known one
//   (INVALID_TYPE) and the value valid for it (INVALID_VALUE), checked for the common types.

export interface UserError {
  field: string[] | null;
  message: string;
  code?: string | null;
}

export interface FakeDiscount {
  id: string;
  /** The __typename of codeDiscount. */
  type: "DiscountCodeBasic" | "DiscountCodeFreeShipping" | "DiscountCodeBxgy";
  code: string;
  title: string;
  startsAt: string;
  endsAt: string | null;
  status: "ACTIVE" | "SCHEDULED" | "EXPIRED";
  /** Customer gids the discount is limited to; null: all buyers. */
  customerIds: string[] | null;
  /** The input as sent. */
  input: Record<string, unknown>;
}

export interface FakeMetafield {
  id: string;
  ownerId: string;
  namespace: string;
  key: string;
  type: string;
  value: string;
}

/** A request the fake refuses before running it (GraphQL errors, no data). */
export class GraphqlRequestError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

export interface ActionAnswer {
  kind: string;
  data: unknown;
  userErrors?: boolean;
}

const DISCOUNT_MUTATIONS = {
  discountCodeBasicCreate: { argument: "basicCodeDiscount", type: "DiscountCodeBasic" },
  discountCodeFreeShippingCreate: { argument: "freeShippingCodeDiscount", type: "DiscountCodeFreeShipping" },
  discountCodeBxgyCreate: { argument: "bxgyCodeDiscount", type: "DiscountCodeBxgy" },
} as const;
type DiscountMutation = keyof typeof DISCOUNT_MUTATIONS;

/**
 * The arguments of the selected field `field`, resolved from `name: $variable` pairs (not the
 * operation's own name, which Shopify's examples often make the same as the field's).
 */
export function argumentsOf(query: string, field: string, variables: Record<string, unknown>): Record<string, unknown> | null {
  const match = new RegExp(`(?<!(?:mutation|query)\\s+)\\b${field}\\s*\\(([^)]*)\\)\\s*\\{`).exec(query);
  if (!match) return null;
  const args: Record<string, unknown> = {};
  for (const pair of match[1]!.matchAll(/(\w+)\s*:\s*\$(\w+)/g)) args[pair[1]!] = variables[pair[2]!];
  return args;
}

const DECIMAL = /^-?\d+(\.\d+)?$/;
const UNSIGNED = /^\d+$/;
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function requireDecimal(value: unknown, path: string): number {
  // Shopify's Decimal and UnsignedInt64 are serialised as strings; a JSON number is refused.
  if (typeof value !== "string" || !DECIMAL.test(value)) {
    throw new GraphqlRequestError(`Variable input at ${path}: invalid value ${JSON.stringify(value)} for Decimal`, "INVALID_VARIABLE");
  }
  return Number(value);
}

function requireUnsigned(value: unknown, path: string): number {
  if (typeof value !== "string" || !UNSIGNED.test(value)) {
    throw new GraphqlRequestError(`Variable input at ${path}: invalid value ${JSON.stringify(value)} for UnsignedInt64`, "INVALID_VARIABLE");
  }
  return Number(value);
}

function parseDate(value: unknown): number | null {
  if (typeof value !== "string") return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : time;
}

// Metafield types whose values the fake checks; other documented types are accepted as they come.
const METAFIELD_TYPES = new Set([
  "boolean", "color", "date", "date_time", "dimension", "id", "json", "link", "money", "multi_line_text_field",
  "number_decimal", "number_integer", "rating", "rich_text_field", "single_line_text_field", "url", "volume", "weight",
  "customer_reference", "product_reference", "variant_reference", "collection_reference", "file_reference", "page_reference",
  "list.single_line_text_field", "list.number_integer", "list.date", "list.product_reference",
]);
const MAX_INTEGER = 9_007_199_254_740_991n;

function metafieldValueProblem(type: string, value: string): string | null {
  switch (type) {
    case "number_integer":
      if (!/^[-+]?\d+$/.test(value)) return "Value must be an integer.";
      return BigInt(value) > MAX_INTEGER || BigInt(value) < -MAX_INTEGER ? "Value must be within -9007199254740991 and 9007199254740991." : null;
    case "number_decimal":
      return /^[-+]?\d+(\.\d+)?$/.test(value) ? null : "Value must be a decimal.";
    case "boolean":
      return value === "true" || value === "false" ? null : "Value must be true or false.";
    case "single_line_text_field":
      return /[\r\n]/.test(value) ? "Value must be a single line text string." : null;
    case "date": {
      const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
      if (!match) return "Value must be in YYYY-MM-DD format.";
      const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
      return date.toISOString().slice(0, 10) === value ? null : "Value must be a valid date.";
    }
    case "date_time":
      return Number.isNaN(Date.parse(value)) ? "Value must be in ISO 8601 date and time format." : null;
    case "json":
      try {
        JSON.parse(value);
        return null;
      } catch {
        return "Value must be valid JSON.";
      }
    default:
      return null;
  }
}

export class FakeAdminActions {
  readonly discounts = new Map<string, FakeDiscount>();
  readonly metafields = new Map<string, FakeMetafield>();
  private nextId = 1_152_921_504_606_846_976n; // beyond 2^53, as real ids can be

  constructor(private readonly dataset: FakeDataset) {}

  private newId(type: string): string {
    this.nextId += 1n;
    return `gid://shopify/${type}/${this.nextId}`;
  }

  private customer(id: unknown): Node | undefined {
    return this.dataset.customers.find((customer) => customer.id === id);
  }

  private variantExists(id: unknown): boolean {
    return this.dataset.products.some((product) => ((product.variants as Node[] | undefined) ?? []).some((variant) => variant.id === id));
  }

  /** The answer to a mutation this class handles, or null when the query is none of them. */
  answer(query: string, variables: Record<string, unknown>): ActionAnswer | null {
    for (const field of Object.keys(DISCOUNT_MUTATIONS) as DiscountMutation[]) {
      const args = argumentsOf(query, field, variables);
      if (args) return this.createDiscount(field, args);
    }
    const deactivate = argumentsOf(query, "discountCodeDeactivate", variables);
    if (deactivate) return this.deactivate(deactivate);
    for (const field of ["tagsAdd", "tagsRemove"] as const) {
      const args = argumentsOf(query, field, variables);
      if (args) return this.tags(field, args);
    }
    const metafields = argumentsOf(query, "metafieldsSet", variables);
    if (metafields) return this.metafieldsSet(metafields);
    return null;
  }

  statusOf(discount: Pick<FakeDiscount, "startsAt" | "endsAt">, now = Date.now()): FakeDiscount["status"] {
    if (discount.endsAt !== null && Date.parse(discount.endsAt) <= now) return "EXPIRED";
    return Date.parse(discount.startsAt) > now ? "SCHEDULED" : "ACTIVE";
  }

  list(): FakeDiscount[] {
    return [...this.discounts.values()].map((discount) => ({ ...discount, status: this.statusOf(discount) }));
  }

  private discountNode(discount: FakeDiscount) {
    return {
      id: discount.id,
      codeDiscount: {
        __typename: discount.type,
        title: discount.title,
        status: this.statusOf(discount),
        startsAt: discount.startsAt,
        endsAt: discount.endsAt,
        codes: { nodes: [{ code: discount.code }] },
      },
    };
  }

  private contextProblems(input: Record<string, unknown>, at: (...path: string[]) => string[]): { errors: UserError[]; customerIds: string[] | null } {
    const errors: UserError[] = [];
    const context = input.context ?? input.customerSelection;
    if (!isObject(context)) {
      errors.push({ field: at("context"), code: "BLANK", message: "Context can't be blank" });
      return { errors, customerIds: null };
    }
    if (context.all === "ALL" || context.all === true) return { errors, customerIds: null };
    const add = isObject(context.customers) ? context.customers.add : undefined;
    if (Array.isArray(add) && add.length > 0) {
      for (const id of add) {
        if (!this.customer(id)) {
          errors.push({ field: at("context", "customers", "add"), code: "INVALID", message: `Customer with id ${String(id)} does not exist` });
        }
      }
      return { errors, customerIds: add.map(String) };
    }
    errors.push({ field: at("context"), code: "MISSING_ARGUMENT", message: "Context must name all buyers, customers, customer segments or markets" });
    return { errors, customerIds: null };
  }

  private valueProblems(kind: DiscountMutation, gets: unknown, at: (...path: string[]) => string[]): UserError[] {
    const errors: UserError[] = [];
    if (!isObject(gets) || !isObject(gets.value)) {
      return [{ field: at("customerGets"), code: "BLANK", message: "Customer gets can't be blank" }];
    }
    const value = gets.value;
    if (kind === "discountCodeBxgyCreate") {
      if (value.percentage !== undefined && value.percentage !== null) {
        errors.push({ field: at("customerGets", "value", "percentage"), code: "INVALID", message: "Buy X get Y discounts don't support percentage" });
      }
      if (value.discountAmount !== undefined && value.discountAmount !== null) {
        errors.push({ field: at("customerGets", "value", "discountAmount"), code: "INVALID", message: "Buy X get Y discounts don't support discountAmount" });
      }
      const onQuantity = value.discountOnQuantity;
      if (!isObject(onQuantity)) {
        errors.push({ field: at("customerGets", "value", "discountOnQuantity"), code: "BLANK", message: "Discount on quantity can't be blank" });
      } else {
        const quantity = requireUnsigned(onQuantity.quantity, "customerGets.value.discountOnQuantity.quantity");
        if (quantity < 1) {
          errors.push({ field: at("customerGets", "value", "discountOnQuantity", "quantity"), code: "GREATER_THAN", message: "Quantity must be greater than 0" });
        }
        const percentage = isObject(onQuantity.effect) ? onQuantity.effect.percentage : undefined;
        if (typeof percentage !== "number" || percentage < 0 || percentage > 1) {
          errors.push({
            field: at("customerGets", "value", "discountOnQuantity", "effect", "percentage"),
            code: "VALUE_OUTSIDE_RANGE",
            message: "Percentage must be between 0.0 and 1.0",
          });
        }
      }
      const variants = isObject(gets.items) && isObject(gets.items.products) ? gets.items.products.productVariantsToAdd : undefined;
      const products = isObject(gets.items) && isObject(gets.items.products) ? gets.items.products.productsToAdd : undefined;
      if ((!Array.isArray(variants) || variants.length === 0) && (!Array.isArray(products) || products.length === 0)) {
        errors.push({ field: at("customerGets", "items"), code: "BLANK", message: "Items in customer gets can't be blank" });
      }
      for (const id of Array.isArray(variants) ? variants : []) {
        if (!this.variantExists(id)) {
          errors.push({
            field: at("customerGets", "items", "products", "productVariantsToAdd"),
            code: "INVALID",
            message: `Product variant with id ${String(id)} does not exist`,
          });
        }
      }
      return errors;
    }
    const hasPercentage = value.percentage !== undefined && value.percentage !== null;
    const hasAmount = value.discountAmount !== undefined && value.discountAmount !== null;
    if (hasPercentage === hasAmount) {
      errors.push({ field: at("customerGets", "value"), code: "INVALID", message: "Specify either a percentage or a discount amount" });
    } else if (hasPercentage) {
      const percentage = value.percentage;
      if (typeof percentage !== "number" || percentage < 0 || percentage > 1) {
        errors.push({ field: at("customerGets", "value", "percentage"), code: "VALUE_OUTSIDE_RANGE", message: "Percentage must be between 0.0 and 1.0" });
      }
    } else {
      const amount = isObject(value.discountAmount) ? requireDecimal(value.discountAmount.amount, "customerGets.value.discountAmount.amount") : 0;
      if (amount <= 0) {
        errors.push({ field: at("customerGets", "value", "discountAmount", "amount"), code: "GREATER_THAN", message: "Amount must be greater than 0" });
      }
    }
    return errors;
  }

  private createDiscount(field: DiscountMutation, args: Record<string, unknown>): ActionAnswer {
    const { argument, type } = DISCOUNT_MUTATIONS[field];
    const input = args[argument];
    if (!isObject(input)) throw new GraphqlRequestError(`Variable $${argument} of type ${type}Input! was provided invalid value`, "INVALID_VARIABLE");
    const at = (...path: string[]) => [argument, ...path];
    const errors: UserError[] = [];

    const code = typeof input.code === "string" ? input.code : "";
    if (code.trim() === "") errors.push({ field: at("code"), code: "BLANK", message: "Code can't be blank" });
    else if (code.length > 255) errors.push({ field: at("code"), code: "TOO_LONG", message: "Code is too long (maximum is 255 characters)" });
    else if (/[\r\n]/.test(code)) errors.push({ field: at("code"), code: "INVALID", message: "Code cannot contain newline characters." });
    else if ([...this.discounts.values()].some((discount) => discount.code.toLowerCase() === code.toLowerCase())) {
      errors.push({ field: at("code"), code: "TAKEN", message: "Code must be unique. Please try a different code." });
    }
    if (typeof input.title !== "string" || input.title.trim() === "") errors.push({ field: at("title"), code: "BLANK", message: "Title can't be blank" });

    const startsAt = parseDate(input.startsAt);
    if (startsAt === null) errors.push({ field: at("startsAt"), code: "BLANK", message: "Starts at can't be blank" });
    const endsAt = input.endsAt === null || input.endsAt === undefined ? null : parseDate(input.endsAt);
    if (input.endsAt !== null && input.endsAt !== undefined && endsAt === null) errors.push({ field: at("endsAt"), code: "INVALID", message: "Ends at is invalid" });
    if (startsAt !== null && endsAt !== null && endsAt <= startsAt) {
      errors.push({ field: at("endsAt"), code: "END_DATE_BEFORE_START_DATE", message: "Ends at needs to be after starts_at" });
    }
    for (const limit of ["usageLimit", "usesPerOrderLimit"] as const) {
      const value = input[limit];
      if (value === null || value === undefined) continue;
      if (typeof value !== "number" || !Number.isInteger(value)) {
        throw new GraphqlRequestError(`Variable input at ${limit}: invalid value ${JSON.stringify(value)} for Int`, "INVALID_VARIABLE");
      }
      if (value <= 0) errors.push({ field: at(limit), code: "GREATER_THAN", message: `${limit === "usageLimit" ? "Usage limit" : "Uses per order limit"} must be greater than 0` });
    }
    const context = this.contextProblems(input, at);
    errors.push(...context.errors);

    if (field !== "discountCodeFreeShippingCreate") errors.push(...this.valueProblems(field, input.customerGets, at));
    if (field === "discountCodeBxgyCreate") {
      const buys = input.customerBuys;
      const value = isObject(buys) && isObject(buys.value) ? buys.value : null;
      if (!value || (value.quantity == null && value.amount == null)) {
        errors.push({ field: at("customerBuys", "value"), code: "BLANK", message: "Customer buys value can't be blank" });
      } else if (value.quantity != null) {
        if (requireUnsigned(value.quantity, "customerBuys.value.quantity") < 1) {
          errors.push({ field: at("customerBuys", "value", "quantity"), code: "GREATER_THAN", message: "Quantity must be greater than 0" });
        }
      } else if (requireDecimal(value.amount, "customerBuys.value.amount") <= 0) {
        errors.push({ field: at("customerBuys", "value", "amount"), code: "GREATER_THAN", message: "Amount must be greater than 0" });
      }
      if (!isObject(buys) || !isObject(buys.items)) errors.push({ field: at("customerBuys", "items"), code: "BLANK", message: "Items in customer buys can't be blank" });
    }
    const minimum = input.minimumRequirement;
    if (isObject(minimum) && isObject(minimum.subtotal)) {
      if (isObject(minimum.quantity)) {
        errors.push({ field: at("minimumRequirement"), code: "MINIMUM_SUBTOTAL_AND_QUANTITY_RANGE_BOTH_PRESENT", message: "Minimum subtotal and quantity range can't both be present" });
      }
      if (requireDecimal(minimum.subtotal.greaterThanOrEqualToSubtotal, "minimumRequirement.subtotal.greaterThanOrEqualToSubtotal") < 0) {
        errors.push({ field: at("minimumRequirement", "subtotal", "greaterThanOrEqualToSubtotal"), code: "GREATER_THAN_OR_EQUAL_TO", message: "Minimum subtotal must be greater than or equal to 0" });
      }
    }

    if (errors.length > 0) return { kind: field, userErrors: true, data: { [field]: { codeDiscountNode: null, userErrors: errors } } };
    const discount: FakeDiscount = {
      id: this.newId("DiscountCodeNode"),
      type,
      code,
      title: String(input.title),
      startsAt: new Date(startsAt!).toISOString(),
      endsAt: endsAt === null ? null : new Date(endsAt).toISOString(),
      status: "ACTIVE",
      customerIds: context.customerIds,
      input,
    };
    this.discounts.set(discount.id, discount);
    return { kind: field, data: { [field]: { codeDiscountNode: this.discountNode(discount), userErrors: [] } } };
  }

  private deactivate(args: Record<string, unknown>): ActionAnswer {
    const discount = this.discounts.get(String(args.id));
    if (!discount) {
      return {
        kind: "discountCodeDeactivate",
        userErrors: true,
        data: { discountCodeDeactivate: { codeDiscountNode: null, userErrors: [{ field: ["id"], code: "INVALID", message: "Discount does not exist" }] } },
      };
    }
    const now = Date.now();
    if (this.statusOf(discount, now) !== "EXPIRED") discount.endsAt = new Date(now).toISOString();
    if (Date.parse(discount.startsAt) > now) discount.startsAt = discount.endsAt!;
    return { kind: "discountCodeDeactivate", data: { discountCodeDeactivate: { codeDiscountNode: this.discountNode(discount), userErrors: [] } } };
  }

  private tags(field: "tagsAdd" | "tagsRemove", args: Record<string, unknown>): ActionAnswer {
    const raw = args.tags;
    const tags = (Array.isArray(raw) ? raw.map(String) : typeof raw === "string" ? raw.split(",") : []).map((tag) => tag.trim()).filter(Boolean);
    const customer = this.customer(args.id);
    const fail = (userErrors: UserError[]) => ({ kind: field, userErrors: true, data: { [field]: { node: null, userErrors } } });
    if (!customer) return fail([{ field: ["id"], message: "Resource not found" }]);
    if (tags.length === 0) return fail([{ field: ["tags"], message: "Tags can't be blank" }]);
    const tooLong = tags.find((tag) => tag.length > 255);
    if (tooLong) return fail([{ field: ["tags"], message: `Tag ${tooLong.slice(0, 20)}… is too long (maximum is 255 characters)` }]);
    const current = Array.isArray(customer.tags) ? (customer.tags as string[]) : [];
    const has = (list: string[], tag: string) => list.some((existing) => existing.toLowerCase() === tag.toLowerCase());
    customer.tags =
      field === "tagsAdd"
        ? tags.reduce((list, tag) => (has(list, tag) ? list : [...list, tag]), current)
        : current.filter((existing) => !has(tags, existing));
    return { kind: field, data: { [field]: { node: { id: customer.id }, userErrors: [] } } };
  }

  private metafieldsSet(args: Record<string, unknown>): ActionAnswer {
    const inputs = args.metafields;
    if (!Array.isArray(inputs)) throw new GraphqlRequestError("Variable $metafields of type [MetafieldsSetInput!]! was provided invalid value", "INVALID_VARIABLE");
    const fail = (userErrors: UserError[]) => ({ kind: "metafieldsSet", userErrors: true, data: { metafieldsSet: { metafields: null, userErrors } } });
    if (inputs.length > 25) {
      return fail([{ field: ["metafields"], code: "LESS_THAN_OR_EQUAL_TO", message: "Exceeded the maximum metafields input limit of 25." }]);
    }
    const errors: UserError[] = [];
    inputs.forEach((input: Record<string, unknown>, index) => {
      const at = (name: string) => ["metafields", String(index), name];
      const namespace = typeof input.namespace === "string" ? input.namespace : "";
      const key = typeof input.key === "string" ? input.key : "";
      const type = typeof input.type === "string" ? input.type : "";
      if (!this.customer(input.ownerId)) errors.push({ field: at("ownerId"), code: "INVALID", message: "Owner does not exist." });
      if (namespace.length < 3) errors.push({ field: at("namespace"), code: "TOO_SHORT", message: "Namespace is too short (minimum is 3 characters)" });
      if (namespace.length > 255) errors.push({ field: at("namespace"), code: "TOO_LONG", message: "Namespace is too long (maximum is 255 characters)" });
      if (key.length < 2) errors.push({ field: at("key"), code: "TOO_SHORT", message: "Key is too short (minimum is 2 characters)" });
      if (key.length > 64) errors.push({ field: at("key"), code: "TOO_LONG", message: "Key is too long (maximum is 64 characters)" });
      if (typeof input.value !== "string") {
        throw new GraphqlRequestError(`Variable $metafields at ${index}.value: expected a String`, "INVALID_VARIABLE");
      }
      if (!METAFIELD_TYPES.has(type)) {
        errors.push({ field: at("type"), code: "INVALID_TYPE", message: `Type ${JSON.stringify(type)} is not a valid metafield type` });
        return;
      }
      const problem = metafieldValueProblem(type, input.value);
      if (problem) errors.push({ field: at("value"), code: "INVALID_VALUE", message: problem });
      const existing = this.metafields.get(`${String(input.ownerId)}|${namespace}|${key}`);
      if (existing && existing.type !== type) {
        errors.push({ field: at("type"), code: "INVALID_TYPE", message: `Type must be ${existing.type}, the type of the existing metafield` });
      }
    });
    if (errors.length > 0) return fail(errors);
    const stored = inputs.map((input: Record<string, unknown>) => {
      const key = `${String(input.ownerId)}|${String(input.namespace)}|${String(input.key)}`;
      const metafield: FakeMetafield = {
        id: this.metafields.get(key)?.id ?? this.newId("Metafield"),
        ownerId: String(input.ownerId),
        namespace: String(input.namespace),
        key: String(input.key),
        type: String(input.type),
        value: String(input.value),
      };
      this.metafields.set(key, metafield);
      return metafield;
    });
    return {
      kind: "metafieldsSet",
      data: { metafieldsSet: { metafields: stored.map(({ ownerId: _owner, ...metafield }) => ({ ...metafield, ownerType: "CUSTOMER" })), userErrors: [] } },
    };
  }

  metafieldsOf(ownerId: string): FakeMetafield[] {
    return [...this.metafields.values()].filter((metafield) => metafield.ownerId === ownerId);
  }
}
