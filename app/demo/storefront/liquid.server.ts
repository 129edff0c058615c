import { readFileSync } from "node:fs";
import path from "node:path";
import { Liquid, type Context, type Template } from "liquidjs";
import { z } from "zod";
import { formatMoney } from "~/i18n/format";
import { isLocale, isMessageKey, translate, type Locale } from "~/i18n/translate";
import { PROJECT_ROOT } from "~/project-root.server";
import { localeTreeSchema, translateExtension, type LocaleTree } from "./extension-locales";

// Renders the demo storefront as Shopify renders a theme with the loyalty extension: the theme's
// own templates (app/demo/storefront/theme, texts from the app's demo-storefront messages) inside
// its layout, and the extension's blocks as app blocks: each block's {% schema %} removed, its
// settings at the schema's defaults, its `t` filter reading the extension's locales, its
// {% render %} reaching the extension's snippets, its `asset_url` leading to the extension's
// assets as the storefront serves them. Both sides see Shopify's objects (`request`, `routes`,
// `customer`, `shop`) and filters (`money` from cents, `escape`).

const EXTENSION_DIR = path.join(PROJECT_ROOT, "extensions/loyalty");
/** Where the storefront serves the extension's assets (router.server.ts). */
export const EXTENSION_ASSETS_PATH = "/demo-store/assets/loyalty";
const THEME_DIR = path.join(PROJECT_ROOT, "app/demo/storefront/theme");

export type AppBlockName = "launcher" | "account-hub" | "product-points" | "frequently-bought-together";
export type ThemeTemplate = "index" | "product" | "cart" | "account" | "login" | "order";

/** The Liquid `customer` object (what the blocks and the theme read of it). */
export interface LiquidCustomer {
  id: string;
  first_name: string;
  last_name: string;
  name: string;
  email: string;
}

/** What every page is rendered with; a template's own data comes on top. */
export interface StorefrontContext {
  locale: Locale;
  currency: string;
  shopName: string;
  customer: LiquidCustomer | null;
  /** The page's path, to come back to after switching the language. */
  path: string;
}

const ROUTES = {
  root_url: "/demo-store",
  cart_url: "/demo-store/cart",
  account_url: "/demo-store/account",
  account_login_url: "/demo-store/account/login",
  // The demo has no sign-up: every shopper picks one of the demo's customers.
  account_register_url: "/demo-store/account/login",
  account_logout_url: "/demo-store/account/logout",
};

const schemaSchema = z.object({
  settings: z.array(z.object({ id: z.string(), default: z.unknown().optional() })).default([]),
});

const SCHEMA_TAG = /\{%-?\s*schema\s*-?%\}([\s\S]*?)\{%-?\s*endschema\s*-?%\}/;

/** A block's source split as Shopify does: the Liquid it renders and its settings' defaults. */
export function splitAppBlock(source: string): { liquid: string; settings: Record<string, unknown> } {
  const match = SCHEMA_TAG.exec(source);
  if (!match) throw new Error("An app block needs a {% schema %}");
  const schema = schemaSchema.parse(JSON.parse(match[1]!));
  return {
    liquid: source.replace(SCHEMA_TAG, ""),
    settings: Object.fromEntries(schema.settings.map((setting) => [setting.id, setting.default ?? null])),
  };
}

/** What liquidjs binds `this` to in a filter (its own type for it is not exported). */
interface FilterImpl {
  context: Context;
}

/** Named filter arguments (`t: count: 3`) as liquidjs hands them over: [name, value] pairs. */
function namedArguments(args: readonly unknown[]): Record<string, unknown> {
  return Object.fromEntries(args.filter((arg): arg is [string, unknown] => Array.isArray(arg) && arg.length === 2 && typeof arg[0] === "string"));
}

function scopeLocale(filter: FilterImpl): Locale {
  const value = filter.context.getSync(["request", "locale", "iso_code"]);
  return isLocale(value) ? value : "en";
}

function moneyFilter(this: FilterImpl, cents: unknown): string {
  const currency = this.context.getSync(["shop", "currency"]);
  return formatMoney(scopeLocale(this), Number(cents), typeof currency === "string" ? currency : "EUR");
}

function readLocaleTree(file: string): LocaleTree {
  return localeTreeSchema.parse(JSON.parse(readFileSync(path.join(EXTENSION_DIR, "locales", file), "utf8")));
}

export class StorefrontRenderer {
  private readonly extension: Liquid;
  private readonly theme: Liquid;
  private readonly blocks = new Map<AppBlockName, { template: Template[]; settings: Record<string, unknown> }>();

  constructor() {
    const locales: Record<Locale, LocaleTree> = { en: readLocaleTree("en.default.json"), de: readLocaleTree("de.json") };
    const common = { extname: ".liquid", cache: true, strictFilters: true } as const;
    this.extension = new Liquid({ ...common, root: [path.join(EXTENSION_DIR, "snippets")], partials: [path.join(EXTENSION_DIR, "snippets")] });
    this.extension.registerFilter("t", function (this: FilterImpl, key: unknown, ...args: unknown[]) {
      const locale = scopeLocale(this);
      return translateExtension({ locale, tree: locales[locale], fallback: locales.en }, String(key), namedArguments(args));
    });
    this.extension.registerFilter("asset_url", (file: unknown) => `${EXTENSION_ASSETS_PATH}/${encodeURIComponent(String(file))}`);
    this.theme = new Liquid({ ...common, root: [THEME_DIR] });
    this.theme.registerFilter("t", function (this: FilterImpl, key: unknown, ...args: unknown[]) {
      const name = String(key);
      if (!isMessageKey(name)) throw new Error(`The demo storefront's theme uses an unknown message: ${name}`);
      const vars = Object.fromEntries(Object.entries(namedArguments(args)).map(([k, v]) => [k, typeof v === "number" ? v : String(v)]));
      return translate(scopeLocale(this), name, vars);
    });
    for (const engine of [this.extension, this.theme]) engine.registerFilter("money", moneyFilter);
  }

  private globals(context: StorefrontContext) {
    return {
      request: { locale: { iso_code: context.locale }, path: context.path },
      routes: ROUTES,
      shop: { name: context.shopName, currency: context.currency },
      customer: context.customer,
    };
  }

  /** One of the extension's blocks, as Shopify renders it into the page. */
  async renderBlock(name: AppBlockName, context: StorefrontContext, data: Record<string, unknown> = {}): Promise<string> {
    let block = this.blocks.get(name);
    if (!block) {
      const { liquid, settings } = splitAppBlock(readFileSync(path.join(EXTENSION_DIR, "blocks", `${name}.liquid`), "utf8"));
      block = { template: this.extension.parse(liquid), settings };
      this.blocks.set(name, block);
    }
    // Shopify's block ids are unique on the page; shopify_attributes is only set in the theme editor.
    // Shopify's objects are global: snippets reached by {% render %} see them too.
    const scope = { ...data, block: { id: `crm-${name}`, settings: block.settings, shopify_attributes: "" } };
    return this.extension.render(block.template, scope, { globals: this.globals(context) });
  }

  /** A page: the template with its data, inside the layout, with the app embed before </body>. */
  async renderPage(template: ThemeTemplate, context: StorefrontContext, data: Record<string, unknown> = {}): Promise<string> {
    const globals = this.globals(context);
    const content = await this.theme.renderFile(template, { ...globals, ...data });
    const embed = await this.renderBlock("launcher", context);
    return this.theme.renderFile("layout", { ...globals, ...data, content_for_layout: content, app_embeds: embed });
  }
}
