/** What a receipt may be: a PDF or a photo. */
export type ReceiptMediaType = "application/pdf" | "image/jpeg" | "image/png";

/** What a receipt file's first bytes must be: the name and type a browser sends prove nothing. */
const SIGNATURES: [ReceiptMediaType, number[]][] = [
  ["application/pdf", [0x25, 0x50, 0x44, 0x46, 0x2d]], // %PDF-
  ["image/jpeg", [0xff, 0xd8, 0xff]],
  ["image/png", [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
];

/** The first bytes a receipt is recognised by. */
export const RECEIPT_HEAD_BYTES = 8;

export function receiptMediaType(head: Uint8Array): ReceiptMediaType | null {
  for (const [type, signature] of SIGNATURES) if (signature.every((byte, i) => head[i] === byte)) return type;
  return null;
}

const EXTENSIONS: Record<ReceiptMediaType, string> = {
  "application/pdf": ".pdf",
  "image/jpeg": ".jpg",
  "image/png": ".png",
};

/**
 * The name a receipt is downloaded under: the name it came with, without folders or control
 * characters, at most 120 characters, ending with the extension its content calls for.
 */
export function receiptFileName(sent: string, type: ReceiptMediaType): string {
  const base = (sent.split(/[\\/]/).pop() ?? "")
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes
    .replace(/[\u0000-\u001f\u007f"]/g, "")
    .replace(/\.[A-Za-z0-9]{1,5}$/, "")
    .trim()
    .slice(0, 110);
  return `${base || "justificatif"}${EXTENSIONS[type]}`;
}
