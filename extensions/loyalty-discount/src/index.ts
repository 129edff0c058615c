// The Function's entry for the Shopify CLI: each target's `export` in shopify.extension.toml
// (cart-lines-discounts-generate-run) names the function exported here in camel case.
export { cartLinesDiscountsGenerateRun } from "./cart_lines_discounts_generate_run";
