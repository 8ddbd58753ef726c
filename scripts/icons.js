// Renders the site's icons from src/web/assets/icon.svg (run after changing it, then commit the files):
// the PNGs of the web manifest and the Apple touch icon, and favicon.ico (an ICO holding one 32 px
// PNG, which every browser reads) for the clients that still ask /favicon.ico.
import { writeFileSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";

const ASSETS = path.resolve("src/web/assets");
const svg = path.join(ASSETS, "icon.svg");

const png = (size) =>
  sharp(svg, { density: 72 * (size / 64) })
    .resize(size, size)
    .png()
    .toBuffer();

for (const [name, size] of [
  ["icon-192.png", 192],
  ["icon-512.png", 512],
  ["apple-touch-icon.png", 180],
])
  writeFileSync(path.join(ASSETS, name), await png(size));

const image = await png(32);
const header = Buffer.alloc(6 + 16);
header.writeUInt16LE(1, 2); // type: icon
header.writeUInt16LE(1, 4); // one image
header.writeUInt8(32, 6); // width
header.writeUInt8(32, 7); // height
header.writeUInt16LE(1, 10); // colour planes
header.writeUInt16LE(32, 12); // bits per pixel
header.writeUInt32LE(image.length, 14);
header.writeUInt32LE(header.length, 18); // where the PNG starts
writeFileSync(path.join(ASSETS, "favicon.ico"), Buffer.concat([header, image]));
