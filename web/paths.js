// paths.js: JSON paths as the core names them in error documents ("organization.ccn",
// "infram.security.s3_q2", "caseStudies[0].measures[1].baseline") and the helpers that read
// and write the submission document at such a path. The form tags every control with the path
// of the value it edits (data-path), so an error's path leads straight to its field.

/** parse splits "a.b[0].c" (or "a.b.0.c") into ["a", "b", 0, "c"]. */
export function parse(path) {
  const out = [];
  for (const part of String(path).split('.')) {
    if (part === '') continue;
    const re = /([^[\]]+)|\[(\d+)\]/g;
    let m;
    while ((m = re.exec(part))) {
      if (m[2] !== undefined) out.push(Number(m[2]));
      else if (/^\d+$/.test(m[1])) out.push(Number(m[1]));
      else out.push(m[1]);
    }
  }
  return out;
}

/** format joins segments back in the core's style: numbers as [n]. */
export function format(segs) {
  let s = '';
  for (const seg of segs) {
    if (typeof seg === 'number') s += `[${seg}]`;
    else s += s ? `.${seg}` : seg;
  }
  return s;
}

/** normalize gives one spelling for equal paths ("a.0.b" → "a[0].b"). */
export function normalize(path) { return format(parse(path)); }

/** get returns the value at path, or undefined. */
export function get(obj, path) {
  let cur = obj;
  for (const seg of parse(path)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = cur[seg];
  }
  return cur;
}

/**
 * set writes value at path, creating objects on the way. value undefined deletes the key, and
 * objects left empty by that are pruned (the core's optional fields are omitted, not empty),
 * except arrays' elements, which keep their place.
 */
export function set(obj, path, value) {
  const segs = parse(path);
  const chain = [obj];
  let cur = obj;
  for (let i = 0; i < segs.length - 1; i++) {
    const seg = segs[i];
    if (cur[seg] === null || typeof cur[seg] !== 'object') {
      if (value === undefined) return; // nothing to delete
      cur[seg] = typeof segs[i + 1] === 'number' ? [] : {};
    }
    cur = cur[seg];
    chain.push(cur);
  }
  const last = segs[segs.length - 1];
  if (value === undefined) {
    if (Array.isArray(cur)) return;
    delete cur[last];
    for (let i = chain.length - 1; i > 1; i--) {
      const node = chain[i];
      const parent = chain[i - 1];
      if (Array.isArray(node) || Array.isArray(parent) || Object.keys(node).length) break;
      delete parent[segs[i - 1]];
    }
  } else {
    cur[last] = value;
  }
}
