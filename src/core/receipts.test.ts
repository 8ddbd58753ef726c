import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { receiptFileName, receiptMediaType } from "./receipts.ts";

describe("receipts", () => {
  it("knows PDF, JPEG and PNG by their first bytes, and nothing else", () => {
    assert.equal(receiptMediaType(Buffer.from("%PDF-1.7\n")), "application/pdf");
    assert.equal(receiptMediaType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10])), "image/jpeg");
    assert.equal(
      receiptMediaType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
      "image/png",
    );
    assert.equal(receiptMediaType(Buffer.from("<html><script>alert(1)</script>")), null);
    assert.equal(receiptMediaType(Buffer.from("GIF89a")), null);
    assert.equal(receiptMediaType(Buffer.alloc(0)), null);
  });

  it("downloads under a clean name with the extension its content calls for", () => {
    assert.equal(receiptFileName("facture salle.PDF", "application/pdf"), "facture salle.pdf");
    assert.equal(receiptFileName("../../etc/passwd", "image/png"), "passwd.png");
    assert.equal(receiptFileName('C:\\Users\\a\\ticket"\n.jpeg', "image/jpeg"), "ticket.jpg");
    assert.equal(receiptFileName("", "image/png"), "justificatif.png");
  });

  it("never lets a folder, a quote or a control character through, whatever was sent", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (sent) => {
        const name = receiptFileName(sent, "application/pdf");
        assert.ok(![...name].some((c) => c === "/" || c === "\\" || c === '"' || c.charCodeAt(0) < 0x20));
        assert.ok(name.endsWith(".pdf") && name.length <= 120);
      }),
    );
  });
});
