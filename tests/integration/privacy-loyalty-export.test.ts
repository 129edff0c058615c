import { describe, expect, test } from "vitest";
import { adjustPoints } from "~/core/loyalty/adjustments.server";
import { setBirthday } from "~/core/loyalty/birthday.server";
import { redeemReward } from "~/core/loyalty/redemption.server";
import { DataExportSchema, renderExportCsv } from "~/core/privacy/export-csv";
import { redactCustomer } from "~/core/privacy/privacy.server";
import { FIXTURE_ORDER_CUSTOMER, smallShopWithFixtureCustomer } from "../fakes/shopify-dataset";
import { setUpLoyaltyTest, startTestProgram } from "../helpers/loyalty-program";
import { findTextInStore } from "../helpers/personal-data";
import { deliverWebhook } from "../helpers/shopify-webhooks";

// A customer's data request answers with what the loyalty program keeps about them too: the
// membership with its birthday, every ledger entry, the rewards with their codes and the mails
// sent to them; an erasure keeps only what names no one.

const ANA_EMAIL = "ana.example@example.com";

const t = setUpLoyaltyTest({ startsAt: new Date("2024-06-01T00:00:00Z"), shop: { dataset: smallShopWithFixtureCustomer } });

/** Ana: points for her order (the fixtures' orders/create), an adjustment, a birthday, a reward, a mail. */
async function anaInTheProgram() {
  const shop = await startTestProgram(t.runtime.db);
  await deliverWebhook("orders/create");
  await t.queue.drain();
  const customer = await t.runtime.db.customer.findFirstOrThrow({ where: { shopId: shop.id, platformId: FIXTURE_ORDER_CUSTOMER } });
  await adjustPoints(t.runtime.db, { shopId: shop.id, customerId: customer.id, points: 600, reason: "Goodwill: late parcel", requestKey: "goodwill" }, t.clock);
  await setBirthday(t.runtime.db, { shopId: shop.id, customerId: customer.id, birthday: { month: 3, day: 15 } }, t.clock);
  // A minute later: the ledger orders entries of one moment by their random ids.
  t.clock = new Date(t.clock.getTime() + 60_000);
  const reward = await redeemReward(
    t.runtime.db,
    () => t.shopify.platformActions(),
    { shopId: shop.id, customerId: customer.id, rewardId: "five-off", requestKey: "ana-reward", locale: "de" },
    t.clock,
  );
  await t.runtime.db.mailMessage.create({
    data: {
      shopId: shop.id,
      customerId: customer.id,
      kind: "points_earned",
      locale: "de",
      to: ANA_EMAIL,
      subject: "Sie haben 600 Punkte erhalten",
      text: "Hallo Ana, Sie haben 600 Punkte erhalten.",
      html: "<p>Hallo Ana, Sie haben 600 Punkte erhalten.</p>",
      status: "SENT",
      eventKey: "mail:ana:1",
      createdAt: t.clock,
      sentAt: t.clock,
    },
  });
  await t.queue.drain();
  const member = await t.runtime.db.loyaltyMember.findFirstOrThrow({ where: { customerId: customer.id } });
  const rewardRow = await t.runtime.db.loyaltyReward.findUniqueOrThrow({ where: { id: reward.id } });
  return { shop, customer, member, reward: rewardRow };
}

async function dataRequestExport() {
  await deliverWebhook("customers/data_request");
  await t.queue.drain();
  return (await t.runtime.db.privacyRequest.findFirstOrThrow({ where: { kind: "CUSTOMER_DATA_REQUEST" }, orderBy: { receivedAt: "desc" } })).export;
}

describe("the loyalty part of a data request", () => {
  test("the JSON holds the membership, its entries, the reward and the mail, without the store's keys", async () => {
    const { member, reward } = await anaInTheProgram();
    const exported = await dataRequestExport();
    const order = await t.runtime.db.order.findFirstOrThrow({ where: { customer: { platformId: FIXTURE_ORDER_CUSTOMER } } });

    expect(exported).toMatchObject({
      loyalty: {
        members: [
          {
            balance: member.balance,
            available: member.available,
            pending: member.pending,
            birthday: { month: 3, day: 15, setAt: "2024-06-01T00:00:00.000Z" },
            entries: [
              { kind: "EARN", points: 266, orderName: order.name, reason: null },
              { kind: "ADJUST", points: 600, reason: "Goodwill: late parcel", orderName: null },
              { kind: "REDEEM", points: -500 },
            ],
            rewards: [{ reward: { id: "five-off", title: { de: "5 € Rabatt", en: "€5 off" } }, points: 500, code: reward.code, status: "ISSUED", usedAt: null }],
          },
        ],
        mails: [{ kind: "points_earned", to: ANA_EMAIL, subject: "Sie haben 600 Punkte erhalten", text: "Hallo Ana, Sie haben 600 Punkte erhalten.", status: "SENT", sentAt: t.clock.toISOString() }],
      },
    });
    const loyalty = JSON.stringify((exported as { loyalty: unknown }).loyalty);
    expect(reward.discountPlatformId).not.toBeNull();
    for (const internal of [member.id, member.customerId, reward.id, reward.discountPlatformId!, "ana-reward", "<p>"]) expect(loyalty).not.toContain(internal);
  });

  test("the CSV shows it in German and in English", async () => {
    const { reward } = await anaInTheProgram();
    const exported = DataExportSchema.parse(await dataRequestExport());
    // Intl separates time and AM with a no-break space: compared as a space.
    const lines = (csv: string) => csv.slice(1).replace(/[\u00a0\u202f]/g, " ").split("\r\n");
    const de = lines(renderExportCsv(exported, "de", "EUR"));
    expect(de).toContain("Treueprogramm;;;Geburtstag;15. März;;;");
    expect(de).toContain("Treuepunkte;;01.06.2024, 02:00;Korrigiert;Goodwill: late parcel;600;;");
    expect(de).toContain("Treuepunkte;;01.06.2024, 02:01;Eingelöst;;'-500;;");
    expect(de.find((line) => line.startsWith("Prämie;"))).toMatch(new RegExp(`;5 € Rabatt;${reward.code};500;;Ausgegeben · Gültig bis \\d\\d\\.\\d\\d\\.\\d{4}`));
    expect(de).toContain("E-Mail;;01.06.2024, 02:01;Sie haben 600 Punkte erhalten;ana.example@example.com;;;Gesendet am 01.06.2024, 02:01");
    const en = lines(renderExportCsv(exported, "en", "EUR"));
    expect(en).toContain("Loyalty program,,,Birthday,March 15,,,");
    expect(en).toContain("Loyalty points,,\"Jun 1, 2024, 2:00 AM\",Adjusted,Goodwill: late parcel,600,,");
    expect(en.find((line) => line.startsWith("Reward,"))).toMatch(new RegExp(`,€5 off,${reward.code},500,,"?Issued · Valid until `));
    expect(en.find((line) => line.startsWith("Email,"))).toMatch(/,Sie haben 600 Punkte erhalten,ana\.example@example\.com,,,"Sent on Jun 1, 2024, 2:01 AM"$/);
  });

  test("an erasure keeps no personal data in what the program keeps: the birthday and the mails go, the points and codes stay", async () => {
    const { shop, customer, member, reward } = await anaInTheProgram();
    await t.runtime.db.$transaction((tx) =>
      redactCustomer(tx, shop, { customerPlatformId: FIXTURE_ORDER_CUSTOMER, email: ANA_EMAIL, phone: null, orderPlatformIds: [] }),
    );
    await t.queue.drain();

    expect(await t.runtime.db.loyaltyMember.findUniqueOrThrow({ where: { id: member.id } })).toMatchObject({
      birthMonth: null,
      birthDay: null,
      birthdaySetAt: null,
      balance: member.balance,
    });
    expect(await t.runtime.db.mailMessage.count({ where: { customerId: customer.id } })).toBe(0);
    expect(await t.runtime.db.loyaltyReward.findUniqueOrThrow({ where: { id: reward.id } })).toMatchObject({ code: reward.code, status: "ISSUED" });
    // The merchant's note on the adjustment may name the person: it goes, the points stay.
    expect(await findTextInStore(t.runtime.db, [ANA_EMAIL, FIXTURE_ORDER_CUSTOMER, "Hallo Ana", "Goodwill: late parcel"])).toEqual([]);
    expect(await t.runtime.db.loyaltyEntry.findFirstOrThrow({ where: { kind: "ADJUST", points: 600 } })).toMatchObject({ reason: null });
  });
});
