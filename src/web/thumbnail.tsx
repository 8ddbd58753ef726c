import { urls } from "./urls.ts";

/** A card's image: the square thumbnail made when the image was added, loaded only when scrolled to. */
export function Thumbnail({ image }: { image: { id: string; alt: string } | null }) {
  if (!image) return null;
  return (
    <img
      class="card-image"
      src={urls.image(image.id, "thumb")}
      alt={image.alt}
      width={96}
      height={96}
      loading="lazy"
    />
  );
}
