import { describe, expect, test } from "vitest";
import { databaseFailureOf, describeFailure, isRepeatingDatabaseError } from "~/jobs/failure-kind";

// The shapes below are those the driver stack produced for real errors on PostgreSQL 15 and PGlite
// (a NUL character in text, a bigint out of range): node-postgres' DatabaseError, Prisma's
// DriverAdapterError (model queries) and its P2010 error (raw queries).

function pgError(code: string, message: string) {
  return Object.assign(new Error(message), { name: "error", code, severity: "ERROR", detail: undefined });
}
function adapterError(code: string, message: string) {
  return Object.assign(new Error("DriverAdapterError"), {
    name: "DriverAdapterError",
    cause: { originalCode: code, originalMessage: message, kind: "postgres", code, severity: "ERROR", message },
  });
}
function rawQueryError(code: string, message: string) {
  return Object.assign(new Error("Invalid `prisma.$executeRaw()` invocation: ..."), {
    name: "PrismaClientKnownRequestError",
    code: "P2010",
    meta: { driverAdapterError: { name: "DriverAdapterError", cause: { originalCode: code, originalMessage: message, kind: "ValueOutOfRange" } } },
  });
}

describe("databaseFailureOf", () => {
  test.each([
    ["node-postgres", pgError("22003", "bigint out of range")],
    ["driver adapter", adapterError("22003", "bigint out of range")],
    ["raw query", rawQueryError("22003", "bigint out of range")],
  ])("finds the SQLSTATE and the database's message in a %s error", (_, error) => {
    expect(databaseFailureOf(error)).toEqual({ code: "22003", message: "bigint out of range" });
  });

  test("a Prisma error code is not a SQLSTATE, and plain errors have none", () => {
    expect(databaseFailureOf(Object.assign(new Error("x"), { code: "P2010" }))).toBeNull();
    expect(databaseFailureOf(new Error("ECONNRESET"))).toBeNull();
    expect(databaseFailureOf("text")).toBeNull();
    expect(databaseFailureOf(null)).toBeNull();
  });

  test("a cause that points back at its error ends the search", () => {
    const looped: { cause?: unknown } = {};
    looped.cause = looped;
    expect(databaseFailureOf(looped)).toBeNull();
  });
});

describe("isRepeatingDatabaseError", () => {
  test.each([
    ["22021", "NUL byte in text"],
    ["22P05", "NUL escape in jsonb"],
    ["22003", "number out of range"],
    ["23505", "unique violation"],
    ["23503", "foreign key violation"],
    ["42703", "unknown column (a bug: fixed, then re-run)"],
  ])("%s (%s) comes back every time", (code) => {
    expect(isRepeatingDatabaseError(adapterError(code, "m"))).toBe(true);
    expect(isRepeatingDatabaseError(pgError(code, "m"))).toBe(true);
  });

  test.each([
    ["40001", "serialization failure"],
    ["40P01", "deadlock"],
    ["08006", "connection failure"],
    ["57P01", "server shutting down"],
    ["53300", "too many connections"],
    ["55P03", "lock not available"],
    ["57014", "statement timeout"],
  ])("%s (%s) may pass: retried", (code) => {
    expect(isRepeatingDatabaseError(adapterError(code, "m"))).toBe(false);
  });

  test("errors from elsewhere are retried", () => {
    expect(isRepeatingDatabaseError(new Error("socket hang up"))).toBe(false);
  });
});

describe("describeFailure", () => {
  test("a database error in the database's words, with its code", () => {
    expect(describeFailure(rawQueryError("22P05", "unsupported Unicode escape sequence"))).toBe(
      "The database refused the data: unsupported Unicode escape sequence (SQLSTATE 22P05)",
    );
  });

  test("other errors by name and message", () => {
    expect(describeFailure(new RangeError("too far"))).toBe("RangeError: too far");
    expect(describeFailure("plain")).toBe("plain");
  });
});
