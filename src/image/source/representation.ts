/**
 * @module
 * What identifies the hosted image across requests (RFC 9110 section 8.8): its validators and its
 * size. A resumed or ranged read is only spliced onto earlier bytes when these still match.
 */

/** Validators and size as a response stated them (absent when the server did not say). */
export interface Representation {
  readonly etag?: string;
  readonly lastModified?: string;
  readonly size?: number;
}

/** A strong ETag, usable in If-Range (a weak one `W/"..."` is not). */
function strongEtag(rep: Representation): string | undefined {
  return rep.etag !== undefined && !rep.etag.startsWith('W/') ? rep.etag : undefined;
}

/** The If-Range value for a resume: a strong ETag, else Last-Modified, else none. */
export function ifRangeValue(rep: Representation | undefined): string | undefined {
  if (!rep) return undefined;
  return strongEtag(rep) ?? rep.lastModified;
}

/**
 * Why `now` is not the same image as `before`, or undefined when nothing says it changed. The
 * strongest evidence decides: the ETag when both have one, else Last-Modified; a different size
 * always means a change.
 */
export function changeBetween(before: Representation, now: Representation): string | undefined {
  if (before.size !== undefined && now.size !== undefined && before.size !== now.size) {
    return `its size changed from ${before.size} to ${now.size} bytes`;
  }
  if (before.etag !== undefined && now.etag !== undefined) {
    return before.etag === now.etag ? undefined : `its ETag changed from ${before.etag} to ${now.etag}`;
  }
  if (
    before.lastModified !== undefined &&
    now.lastModified !== undefined &&
    before.lastModified !== now.lastModified
  ) {
    return `its Last-Modified changed from ${before.lastModified} to ${now.lastModified}`;
  }
  return undefined;
}

/** The facts of `next` merged over what was known (a field the server omitted stays known). */
export function mergeRepresentation(known: Representation | undefined, next: Representation): Representation {
  return {
    etag: next.etag ?? known?.etag,
    lastModified: next.lastModified ?? known?.lastModified,
    size: next.size ?? known?.size,
  };
}
