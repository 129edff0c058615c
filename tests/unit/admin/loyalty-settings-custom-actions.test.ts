import { describe, expect, it } from "vitest";
import { addCustomAction, CUSTOM_ACTIONS, fieldsToSettings, itemIndices, removeItem, settingsToFields, type SettingsFields } from "~/admin/loyalty-settings-form";
import { DEFAULT_PROGRAM_SETTINGS, type ProgramSettings } from "~/core/loyalty/program-settings";

// The merchant's own actions in the settings form: shown, added, removed and read back, with each
// problem at the field it belongs to.

const WITH_ACTIONS: ProgramSettings = {
  ...DEFAULT_PROGRAM_SETTINGS,
  customActions: [
    { key: "review_written", label: "Bewertung geschrieben", points: 50, limit: { count: 1, period: "ever" } },
    { key: "event_attended", label: "Event besucht", points: 200, limit: { count: 3, period: "month" } },
  ],
};

const fields = () => settingsToFields(WITH_ACTIONS, "EUR", "de");

function read(input: SettingsFields) {
  return fieldsToSettings(input, "EUR");
}

describe("custom actions in the settings form", () => {
  it("shows each action's fields and reads them back unchanged", () => {
    expect(fields()).toMatchObject({
      "customActions.1.key": "event_attended",
      "customActions.1.label": "Event besucht",
      "customActions.1.points": "200",
      "customActions.1.limit.count": "3",
      "customActions.1.limit.period": "month",
    });
    expect(read(fields())).toEqual({ ok: true, settings: WITH_ACTIONS });
  });

  it("adds an action once per customer, for the merchant to name and key", () => {
    const added = addCustomAction(fields());
    expect(itemIndices(added, CUSTOM_ACTIONS)).toEqual([0, 1, 2]);
    expect(read(added)).toEqual({
      ok: false,
      errors: { "customActions.2.points": { code: "required" }, "customActions.2.key": { code: "actionKey" }, "customActions.2.label": { code: "required" } },
    });
    const filled = { ...added, "customActions.2.key": "photo_uploaded", "customActions.2.label": "Foto", "customActions.2.points": "15" };
    const result = read(filled);
    expect(result.ok && result.settings.customActions[2]).toEqual({ key: "photo_uploaded", label: "Foto", points: 15, limit: { count: 1, period: "ever" } });
  });

  it("removes an action; the ones after it move up", () => {
    const result = read(removeItem(fields(), CUSTOM_ACTIONS, 0));
    expect(result.ok && result.settings.customActions.map((action) => action.key)).toEqual(["event_attended"]);
  });

  it.each([
    ["a key with capitals", { "customActions.0.key": "Review" }, { "customActions.0.key": { code: "actionKey" } }],
    ["a key another action has", { "customActions.1.key": "review_written" }, { "customActions.1.key": { code: "duplicateKey" } }],
    ["no points", { "customActions.0.points": "0" }, { "customActions.0.points": { code: "min", limit: 1 } }],
    ["points as a decimal", { "customActions.0.points": "2,5" }, { "customActions.0.points": { code: "wholeNumber" } }],
    ["a limit of none", { "customActions.1.limit.count": "0" }, { "customActions.1.limit.count": { code: "min", limit: 1 } }],
    ["a period the program does not know", { "customActions.1.limit.period": "week" }, { "customActions.1.limit.period": { code: "choice" } }],
  ])("refuses %s at its field", (_, change, errors) => {
    expect(read({ ...fields(), ...change })).toEqual({ ok: false, errors });
  });

  it("names the field by the form's numbering when an earlier action was removed", () => {
    // Fields 0 and 2 (1 removed without renumbering, as a stale form might post them).
    const posted = Object.fromEntries(Object.entries(addCustomAction(fields())).filter(([name]) => !name.startsWith("customActions.1.")));
    const errors = read({ ...posted, "customActions.2.key": "review_written", "customActions.2.label": "Again", "customActions.2.points": "5" });
    expect(errors).toEqual({ ok: false, errors: { "customActions.2.key": { code: "duplicateKey" } } });
  });
});
