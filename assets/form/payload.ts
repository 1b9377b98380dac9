// The request body: the form's fields under their payload names, as JSON
// or urlencoded. A payload name may be a bracket path such as
// "fields[EMAIL][0][VALUE]": in JSON it becomes nested objects (and arrays
// where the next key is a number); urlencoded, it is the key as written.

export type FieldMap = Record<string, string>;

export function body(data: FormData, json: boolean, map: FieldMap): string {
  const flat: [string, string][] = [];
  data.forEach((value, name) => flat.push([map[name] || name, value as string]));
  if (!json) return new URLSearchParams(flat).toString();
  const root: any = {};
  for (const [path, value] of flat) {
    const keys = path.match(/[^[\]]+/g) || [path];
    let node = root;
    keys.forEach((key, i) => {
      if (i == keys.length - 1) node[key] = value;
      else node = node[key] ||= /^\d+$/.test(keys[i + 1]) ? [] : {};
    });
  }
  return JSON.stringify(root);
}
