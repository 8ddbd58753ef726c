/** A commons of an assembly's directory: its canonical record and checks, duplicates, places. */

export * from "./commons/places.ts";
export * from "./commons/record.ts";
export * from "./commons/similarity.ts";
export { fold } from "./text.ts";
