/**
 * The ACL names WHM knows (Whostmgr/ACLS/Data.pm, `$base_acls`), in the reference's order; tokens
 * may hold only these. `all` is root's.
 */
export const WHM_ACLS = [
  "list-accts",
  "show-bandwidth",
  "create-acct",
  "kill-acct",
  "suspend-acct",
  "upgrade-account",
  "ssl",
  "ssl-buy",
  "ssl-gencrt",
  "edit-mx",
  "passwd",
  "create-dns",
  "kill-dns",
  "park-dns",
  "edit-dns",
  "add-pkg",
  "edit-pkg",
  "thirdparty",
  "mailcheck",
  "news",
  "allow-shell",
  "viewglobalpackages",
  "assign-root-account-enhancements",
  "allow-addoncreate",
  "allow-parkedcreate",
  "add-pkg-ip",
  "add-pkg-shell",
  "allow-unlimited-pkgs",
  "allow-emaillimits-pkgs",
  "allow-unlimited-disk-pkgs",
  "allow-unlimited-bw-pkgs",
  "status",
  "stats",
  "restart",
  "resftp",
  "edit-account",
  "limit-bandwidth",
  "quota",
  "demo-setup",
  "rearrange-accts",
  "clustering",
  "locale-edit",
  "all",
  "acct-summary",
  "basic-whm-functions",
  "create-user-session",
  "digest-auth",
  "generate-email-config",
  "manage-api-tokens",
  "manage-oidc",
  "manage-styles",
  "mysql-info",
  "public-contact",
  "ssl-info",
  "basic-system-info",
  "cors-proxy-get",
  "cpanel-integration",
  "list-pkgs",
  "manage-dns-records",
  "ns-config",
  "track-email",
  "file-restore",
  "cpanel-api",
  "connected-applications",
] as const;

/** The privilege a server's token needs to push its accounts to the directory (and nothing else). */
export const DIRECTORY_SYNC_ACL = "directory-sync";

/**
 * ACLs of this service that WHM does not have, listed beside WHM's as a plugin's ACLs are
 * (WHM's "third-party" ACLs).
 */
export const SERVICE_ACLS = [DIRECTORY_SYNC_ACL] as const;

const KNOWN: ReadonlySet<string> = new Set<string>([...WHM_ACLS, ...SERVICE_ACLS]);

export const isKnownAcl = (acl: string): boolean => KNOWN.has(acl);
