import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import {
  checkProfile,
  checkRegistration,
  LOGIN_DELAY_CAP_SECONDS,
  LOGIN_FREE_FAILURES,
  loginDelaySeconds,
  normaliseEmail,
  passwordProblem,
} from "./accounts.ts";
import { DomainError } from "./errors.ts";

function fieldsOf(run: () => unknown): Record<string, string> {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof DomainError);
    return error.fields;
  }
  assert.fail("expected a validation error");
}

describe("accounts rules", () => {
  it("accepts a complete registration and normalises it", () => {
    const registration = checkRegistration({
      email: "  Alice@Exemple.TEST ",
      displayName: "  Alice   Martin ",
      password: "dix caractères",
      introduction: "jardinière\n au jardin partagé",
    });
    assert.equal(registration.email, "alice@exemple.test");
    assert.equal(registration.displayName, "Alice Martin");
    assert.equal(registration.introduction, "jardinière au jardin partagé");
    assert.equal(registration.language, "fr");
  });

  it("names every wrong field at once", () => {
    const fields = fieldsOf(() =>
      checkRegistration({ email: "nope", displayName: "", password: "court", language: "de" }),
    );
    assert.deepEqual(fields, {
      email: "field.email",
      displayName: "field.required",
      password: "password.tooShort",
      language: "field.language",
    });
  });

  it("counts password length in characters, not bytes", () => {
    assert.equal(passwordProblem("éééééééééé"), undefined);
    assert.equal(passwordProblem("😀😀😀😀😀😀😀😀😀"), "password.tooShort");
    assert.equal(passwordProblem("x".repeat(201)), "password.tooLong");
    assert.equal(passwordProblem(undefined), "field.required");
    assert.equal(passwordProblem(["a", "b"]), "field.required");
  });

  it("limits the one-line introduction to 200 characters", () => {
    assert.deepEqual(
      fieldsOf(() => checkProfile({ displayName: "A", introduction: "x".repeat(201) })),
      { introduction: "field.tooLong.200" },
    );
  });

  it("never throws anything but a validation error, whatever the input", () => {
    fc.assert(
      fc.property(
        fc.record({
          email: fc.anything(),
          displayName: fc.anything(),
          password: fc.anything(),
          language: fc.anything(),
        }),
        (input) => {
          try {
            const registration = checkRegistration(input);
            assert.equal(registration.email, normaliseEmail(registration.email));
          } catch (error) {
            assert.ok(error instanceof DomainError && error.code === "VALIDATION_FAILED");
          }
        },
      ),
    );
  });

  it("lets a pair fail a few times freely, then doubles its wait from 1 s up to the cap", () => {
    assert.equal(LOGIN_FREE_FAILURES, 5);
    assert.deepEqual([0, 1, 4, 5, 6, 7, 8].map(loginDelaySeconds), [0, 0, 0, 1, 2, 4, 8]);
    assert.equal(loginDelaySeconds(14), 512);
    assert.equal(loginDelaySeconds(15), LOGIN_DELAY_CAP_SECONDS);
    assert.equal(loginDelaySeconds(1_000), LOGIN_DELAY_CAP_SECONDS);
    fc.assert(
      fc.property(fc.nat(10_000), (failures) => {
        const wait = loginDelaySeconds(failures);
        assert.ok(wait >= 0 && wait <= LOGIN_DELAY_CAP_SECONDS);
        assert.ok(loginDelaySeconds(failures + 1) >= wait, "never shorter after one more failure");
      }),
    );
  });
});
