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
  buildCommons,
  buildPerson,
  signIn,
} from "../../../test/helpers/factories.ts";
import { multipartBody } from "../../../test/helpers/multipart.ts";

const SPACE = "assemblee-images";
const dataDir = await mkdtemp(path.join(os.tmpdir(), "communs-images-"));

for (const dialect of testDialects()) {
  describe(`images of a commons [${dialect.name}]`, () => {
    const h = useApp(dialect, { dataDir });
    let creator: Visitor;
    let other: Visitor;
    const page = `/espaces/${SPACE}/communs/jardin-aux-images`;

    before(async () => {
      const admin = await buildAdmin(h.app, "Camille");
      creator = await signIn(h, admin);
      await buildAssembly(h.app, { by: admin, slug: SPACE, name: "Assemblée", territory: "Ici" });
      await buildCommons(h.app, SPACE, admin, { name: "Jardin aux images", tags: ["potager"] });
      other = await signIn(h, await buildPerson(h.app, { name: "Olga" }));
    });

    const upload = async (who: Visitor, content: Buffer, type = "image/png") => {
      await who.get(page);
      const body = multipartBody(
        { _csrf: who.csrfToken(), alt: "Des tomates" },
        { image: { filename: "photo.png", type, content } },
      );
      return who.request({ method: "POST", url: `${page}/images`, ...body });
    };

    it("re-encodes an uploaded image at two sizes and shows it on the record", async () => {
      const png = await sharp({ create: { width: 900, height: 600, channels: 3, background: "#3a7" } })
        .png()
        .toBuffer();
      const response = await upload(creator, png);
      assert.equal(response.statusCode, 303, response.body);
      const detail = await creator.get(page);
      const id = /\/images\/([0-9a-f-]{36})\/thumb/.exec(detail.body)?.[1];
      assert.ok(id, "the thumbnail is on the page");
      assert.match(detail.body, /alt="Des tomates"/);
      const thumb = await creator.get(`/images/${id}/thumb`);
      assert.equal(thumb.statusCode, 200);
      assert.equal(thumb.headers["content-type"], "image/webp");
      const size = await sharp(thumb.rawPayload).metadata();
      assert.deepEqual([size.width, size.height], [400, 400]);
      const full = await sharp((await creator.get(`/images/${id}/full`)).rawPayload).metadata();
      assert.deepEqual([full.format, full.width, full.height], ["webp", 900, 600]);
    });

    it("shows the thumbnail on the cards of the list, a search and a tag, and the large image on the record", async () => {
      const thumbnail = (html: string) =>
        /<img class="card-image" src="\/images\/([0-9a-f-]{36})\/thumb" alt="Des tomates" width="96" height="96" loading="lazy"/.exec(
          html,
        )?.[1];
      const cards = [
        `/espaces/${SPACE}/communs`,
        `/espaces/${SPACE}/communs?q=jardin`,
        `/espaces/${SPACE}/etiquettes/potager`,
      ];
      const ids = [];
      for (const url of cards) {
        const response = await other.get(url);
        assert.equal(response.statusCode, 200, url);
        ids.push(thumbnail(response.body));
      }
      const [id] = ids;
      assert.ok(id, "the list's card shows the thumbnail");
      assert.deepEqual(ids, [id, id, id], "the search's and the tag's cards too");
      const thumb = await other.get(`/images/${id}/thumb`);
      assert.equal(thumb.statusCode, 200);
      assert.equal(thumb.headers["cache-control"], "public, max-age=31536000, immutable");
      assert.equal((await sharp(thumb.rawPayload).metadata()).format, "webp");
      const record = await other.get(page);
      assert.match(
        record.body,
        new RegExp(`<img src="/images/${id}/full" alt="Des tomates" width="900" height="600"/>`),
      );
    });

    it("refuses an upload without the page's CSRF token", async () => {
      const png = await sharp({ create: { width: 10, height: 10, channels: 3, background: "#000" } })
        .png()
        .toBuffer();
      for (const fields of [{}, { _csrf: "forged" }] as Record<string, string>[]) {
        const body = multipartBody(fields, { image: { filename: "a.png", type: "image/png", content: png } });
        const response = await creator.request({ method: "POST", url: `${page}/images`, ...body });
        assert.equal(response.statusCode, 403);
      }
      assert.deepEqual(await readdir(path.join(dataDir, "uploads")).catch(() => []), []);
    });

    it("answers broken multipart bodies with a 4xx, never a 5xx", async () => {
      await creator.get(page);
      for (const payload of [
        "",
        " ",
        "--x\r\n",
        '--x\r\nContent-Disposition: form-data; name="image"; filename="a"\r\n\r\nabc',
      ]) {
        for (const url of [`${page}/images`, `/espaces/${SPACE}/communs/import`]) {
          const response = await creator.request({
            method: "POST",
            url,
            payload,
            headers: { "content-type": "multipart/form-data; boundary=x" },
          });
          assert.ok(
            response.statusCode >= 400 && response.statusCode < 500,
            `${url} ${JSON.stringify(payload)} → ${response.statusCode}`,
          );
        }
      }
    });

    it("refuses what is not an image, and people who may not edit, leaving no file behind", async () => {
      const text = await upload(creator, Buffer.from("<?php echo 1; ?>"), "image/png");
      assert.equal(text.statusCode, 400);
      const png = await sharp({ create: { width: 10, height: 10, channels: 3, background: "#000" } })
        .png()
        .toBuffer();
      // Olga is signed in but neither the creator, a commoner nor a facilitator.
      await other.get(page);
      const refused = await upload(other, png);
      assert.equal(refused.statusCode, 403);
      const leftovers = await readdir(path.join(dataDir, "uploads")).catch(() => []);
      assert.deepEqual(leftovers, []);
    });
  });
}
