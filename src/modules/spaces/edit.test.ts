import assert from "node:assert/strict";
import { mkdtemp, readdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { before, describe, it } from "node:test";
import sharp from "sharp";
import { useApp, type Visitor } from "../../../test/helpers/app.ts";
import { testDialects } from "../../../test/helpers/db.ts";
import {
  buildAdmin,
  buildAssembly,
  buildChamber,
  buildMember,
  signIn,
} from "../../../test/helpers/factories.ts";
import { multipartBody } from "../../../test/helpers/multipart.ts";

const dataDir = await mkdtemp(path.join(os.tmpdir(), "communs-logos-"));

for (const dialect of testDialects()) {
  describe(`editing a space [${dialect.name}]`, () => {
    const h = useApp(dialect, { dataDir: path.join(dataDir, dialect.name) });
    let chamber = "";
    let assembly = "";
    let other = "";
    let facilitator: Visitor;
    let member: Visitor;

    before(async () => {
      const admin = await buildAdmin(h.app);
      const asm = await buildAssembly(h.app, { by: admin, name: "Assemblée de Lilleville" });
      const second = await buildAssembly(h.app, { by: admin, name: "Assemblée de Roubaisville" });
      const ch = await buildChamber(h.app, {
        by: admin,
        name: "Chambre vélo",
        theme: "vélo",
        assembly: asm.slug,
      });
      [assembly, other, chamber] = [asm.slug, second.slug, ch.slug];
      facilitator = await signIn(h, await buildMember(h.app, ch, "facilitator", { name: "Fanny" }));
      member = await signIn(h, await buildMember(h.app, ch, "member", { name: "Mona" }));
    });

    it("lets a facilitator set the meetings' and tasks' settings, refusing what cannot be; the cap is not theirs", async () => {
      const own = await buildChamber(h.app, { theme: "vélo", assembly, doocracyCap: 5_000 });
      const facilitator = await signIn(h, await buildMember(h.app, own, "facilitator"));
      const page = `/espaces/${own.slug}/modifier`;
      const form = await facilitator.get(page);
      assert.match(form.body, /name="correctionsDays"[^>]*value="7"/);
      assert.doesNotMatch(form.body, /name="doocracyCap"/);
      assert.match(form.body, /Plafond de la do-ocratie\u202f: 50,00/);
      const base = { name: "Chambre des réglages", theme: "vélo", assembly };
      const bad = await facilitator.submit(page, page, {
        ...base,
        correctionsDays: "0",
      });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /Un nombre de jours entre 1 et 60/);
      const saved = await facilitator.submit(page, page, {
        ...base,
        correctionsDays: "14",
        doocracyCap: "80",
        tasksRule: "facilitators",
      });
      assert.equal(saved.statusCode, 303);
      const space = await h.app.communs.spaces.get(own.slug);
      // A cap sent anyway (a crafted form) is ignored: it changes only by an adopted decision.
      assert.deepEqual(space.settings, { correctionsDays: 14, doocracyCap: 5000, tasksRule: "facilitators" });
    });

    it("lets a facilitator change the name, description, theme and linked assembly; the slug stays", async () => {
      const form = await facilitator.get(`/espaces/${chamber}/modifier`);
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /name="name"[^>]*value="Chambre vélo"/);
      const saved = await facilitator.submit(`/espaces/${chamber}/modifier`, `/espaces/${chamber}/modifier`, {
        name: "Chambre des mobilités",
        summary: "Vélos, marche, transports partagés.",
        theme: "mobilités",
        assembly: other,
      });
      assert.equal(saved.statusCode, 303);
      assert.equal(saved.headers.location, `/espaces/${chamber}`);
      const page = (await member.get(`/espaces/${chamber}`)).body;
      assert.match(page, /<h1>Chambre des mobilités<\/h1>/);
      assert.match(page, /Vélos, marche, transports partagés\./);
      assert.match(page, /Thème\s: mobilités/);
      assert.match(page, new RegExp(`<a href="/espaces/${other}">`));
    });

    it("records the change with what it was before and after", async () => {
      const { id } = await h.app.communs.spaces.get(chamber);
      const events = await h.db.kysely
        .selectFrom("audit_events")
        .selectAll()
        .where("action", "=", "space.edited")
        .where("space_id", "=", id)
        .execute();
      assert.equal(events.length, 1);
      const [event] = events;
      assert.ok(event);
      const before = JSON.parse(event.before ?? "{}");
      const after = JSON.parse(event.after ?? "{}");
      assert.equal(before.name, "Chambre vélo");
      assert.equal(after.name, "Chambre des mobilités");
      assert.equal(before.theme, "vélo");
      assert.equal(after.theme, "mobilités");
      assert.notEqual(before.assembly_id, after.assembly_id);
      assert.equal("territory" in after, false, "only what changed");
      const log = (await facilitator.get(`/espaces/${chamber}/journal`)).body;
      assert.match(log, /a modifié l’espace/);
    });

    it("refuses members (403) and visitors, and offers the link to facilitators only", async () => {
      assert.equal((await member.get(`/espaces/${chamber}/modifier`)).statusCode, 403);
      await member.get(`/espaces/${chamber}`);
      const refused = await member.request({
        method: "POST",
        url: `/espaces/${chamber}/modifier`,
        payload: new URLSearchParams({ _csrf: member.csrfToken(), name: "Piratée", theme: "x" }).toString(),
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
      assert.equal(refused.statusCode, 403);
      assert.doesNotMatch((await member.get(`/espaces/${chamber}`)).body, /Modifier l’espace|Piratée/);
      assert.match((await facilitator.get(`/espaces/${chamber}`)).body, /Modifier l’espace/);
      const anonymous = await h.app.inject({ method: "GET", url: `/espaces/${chamber}/modifier` });
      assert.notEqual(anonymous.statusCode, 200);
    });

    it("explains bad input in French next to the fields (400) and changes nothing", async () => {
      const response = await facilitator.submit(
        `/espaces/${chamber}/modifier`,
        `/espaces/${chamber}/modifier`,
        {
          name: "",
          theme: "",
          assembly: "nulle-part",
        },
      );
      assert.equal(response.statusCode, 400);
      assert.match(response.body, /Ce champ est obligatoire/);
      const unknown = await facilitator.submit(
        `/espaces/${chamber}/modifier`,
        `/espaces/${chamber}/modifier`,
        {
          name: "Chambre des mobilités",
          theme: "mobilités",
          assembly: chamber,
        },
      );
      assert.equal(unknown.statusCode, 400);
      assert.match(unknown.body, /Cette assemblée n’existe pas\./);
      const page = (await member.get(`/espaces/${chamber}`)).body;
      assert.match(page, /<h1>Chambre des mobilités<\/h1>/);
      assert.match(page, new RegExp(`<a href="/espaces/${other}">`), "still linked to the same assembly");
      assert.doesNotMatch(page, new RegExp(`<a href="/espaces/${assembly}">`));
    });

    it("takes a logo, re-encoded as a small WebP, shown in the space's header; members may not", async () => {
      const send = async (who: Visitor, content: Buffer, type = "image/png") => {
        await who.get(`/espaces/${chamber}`);
        const body = multipartBody(
          { _csrf: who.csrfToken() },
          { logo: { filename: "logo.png", type, content } },
        );
        return who.request({ method: "POST", url: `/espaces/${chamber}/logo`, ...body });
      };
      const png = await sharp({ create: { width: 800, height: 400, channels: 3, background: "#1f6b3a" } })
        .png()
        .toBuffer();
      assert.equal((await send(member, png)).statusCode, 403);
      for (const broken of [Buffer.from("pas une image"), png.subarray(0, 60)]) {
        const refused = await send(facilitator, broken);
        assert.equal(refused.statusCode, 400);
        assert.match(refused.body, /Une image JPEG, PNG, WebP ou GIF, s’il vous plaît\./);
      }
      const saved = await send(facilitator, png);
      assert.equal(saved.statusCode, 303);
      const page = (await member.get(`/espaces/${chamber}`)).body;
      const src = /<img class="space-logo" src="(\/logos\/logo-[0-9a-f-]+\.webp)"/.exec(page)?.[1];
      assert.ok(src, "the header shows the logo");
      const image = await h.app.inject({ method: "GET", url: src });
      assert.equal(image.statusCode, 200);
      assert.equal(image.headers["content-type"], "image/webp");
      const meta = await sharp(image.rawPayload).metadata();
      assert.deepEqual([meta.format, meta.width, meta.height], ["webp", 256, 128]);
      const second = await send(facilitator, png);
      assert.equal(second.statusCode, 303);
      assert.equal((await h.app.inject({ method: "GET", url: src })).statusCode, 404, "the old logo is gone");
      const files = await readdir(path.join(dataDir, dialect.name, "images"));
      assert.equal(files.length, 1, "one logo file kept, no upload left behind");
      const logged = await h.db.kysely
        .selectFrom("audit_events")
        .select("after")
        .where("action", "=", "space.edited")
        .orderBy("id", "desc")
        .executeTakeFirstOrThrow();
      assert.match(logged.after ?? "", /"logo":"logo-/);
    });
  });
}
