// byteRange reads a Range header for a file of size bytes, as static hosts
// do: null when there is none or it is not one range of bytes (the whole
// file is sent), "unsatisfiable" when it starts past the end (416), else
// {start, end} with end inclusive and cut at the end of the file.
export function byteRange(header, size) {
  const m = /^bytes=(\d+)-(\d*)$/.exec(header || "");
  if (!m) return null;
  const start = Number(m[1]), end = Math.min(m[2] === "" ? size - 1 : Number(m[2]), size - 1);
  if (start >= size || end < start) return "unsatisfiable";
  return { start, end };
}
