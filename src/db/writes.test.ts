import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { sql } from "kysely";
import { type TestDatabase, testDialects } from "../../test/helpers/db.ts";

for (const dialect of testDialects()) {
  describe(`the count of this process's writes [${dialect.name}]`, () => {
    let test: TestDatabase;
    before(async () => {
      test = await dialect.create();
    });
    after(() => test.drop());

    const setting = (key: string) => ({ key, value: "une valeur" });

    it("moves with each statement that changes rows and each end of a transaction, not with reads", async () => {
      const { db } = test;
      const kysely = db.kysely;
      let seen = db.writes();
      const moved = () => {
        const now = db.writes();
        const result = now !== seen;
        seen = now;
        return result;
      };
      await kysely.selectFrom("instance_settings").selectAll().execute();
      await sql`select count(*) from instance_settings`.execute(kysely);
      assert.equal(moved(), false, "reads");
      await kysely.insertInto("instance_settings").values(setting("a")).execute();
      assert.equal(moved(), true, "an insert");
      await kysely.updateTable("instance_settings").set({ value: "x" }).where("key", "=", "absent").execute();
      assert.equal(moved(), false, "an update that changed nothing");
      await sql`update instance_settings set value = 'y' where key = 'a'`.execute(kysely);
      assert.equal(moved(), true, "raw SQL that writes");
      await kysely.transaction().execute(async (trx) => {
        await trx.insertInto("instance_settings").values(setting("b")).execute();
        seen = db.writes();
      });
      assert.equal(moved(), true, "the commit, after the statement");
      await assert.rejects(
        kysely.transaction().execute(async (trx) => {
          await trx.deleteFrom("instance_settings").execute();
          seen = db.writes();
          throw new Error("annulé");
        }),
      );
      assert.equal(moved(), true, "the rollback");
      assert.equal((await kysely.selectFrom("instance_settings").selectAll().execute()).length, 2);
    });
  });
}
