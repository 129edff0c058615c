// The demo shop's identity, apart from its generator: the running app needs to recognise the demo
// shop (it has no platform behind it) without loading the history generator.

export interface DemoShop {
  domain: string;
  name: string;
  currency: "EUR";
}

export const DEMO_SHOP: DemoShop = {
  domain: "alpenroester-demo.myshopify.com",
  name: "Alpenröster Kaffee & Tee",
  currency: "EUR",
};
