/**
 * What WHM shows for an error its function raised as a Cpanel::Exception: `API failure: (XID id) `
 * and the text, the id being six fresh characters (Whostmgr/API/1/Data/Wrapper.pm).
 */
export function apiFailure(text: string): RegExp {
  return new RegExp(`^API failure: \\(XID [a-z2-9]{6}\\) ${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);
}
