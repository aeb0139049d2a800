import { GetCommand } from "@aws-sdk/lib-dynamodb";
import type { ItemKey } from "../kernel/domain.js";
import { writeAudited } from "./audit.js";
import {
  call,
  conditionHeld,
  keys,
  nowSeconds,
  type Page,
  type PageRequest,
  tableName,
  tenantItems,
  tenantPage,
} from "./dynamo.js";

/**
 * What a link made from a signed-in session (self-service linking) inherits from that session: a
 * sign-in through it never holds more than the session did, and ends with the credential the
 * session came from.
 */
export interface LinkGrant {
  /** The session's privileges: the cap of every sign-in through the link. */
  readonly acls: readonly string[];
  /** The item the session's authority rested on (its API token): once it is gone, the link signs no one in. */
  readonly origin: ItemKey;
  /** When that authority ends (epoch seconds), if it does. */
  readonly expires?: number;
  readonly allowedIps?: readonly string[];
}

/** A user linked to an identity at an external provider (WHM's LinkDB entry). */
export interface Link {
  readonly username: string;
  readonly providerId: string;
  readonly subject: string;
  readonly preferredUsername: string;
  readonly linkTime: number;
  /** Present on links made from a session; absent on links root made through link_user_authn_provider. */
  readonly grant?: LinkGrant;
}

export class IdentityLinkedElsewhere extends Error {}

/**
 * Links the identity (provider, subject) to a user. An identity links to one user per tenant: the
 * conditional put refuses an identity already linked to someone else, and relinking the same user
 * updates its preferred username.
 */
export async function addLink(tenant: string, link: Omit<Link, "linkTime">): Promise<void> {
  const added = await conditionHeld(
    writeAudited(
      "dynamodb:PutItem",
      [
        {
          Put: {
            TableName: tableName(),
            Item: {
              ...keys.link(tenant, link.providerId, link.subject),
              type: "link",
              tenant,
              username: link.username,
              provider: link.providerId,
              subject: link.subject,
              preferred_username: link.preferredUsername,
              link_time: nowSeconds(),
              grant: link.grant,
            },
            ConditionExpression: "attribute_not_exists(pk) OR username = :username",
            ExpressionAttributeValues: { ":username": link.username },
          },
        },
      ],
      { target: `${link.providerId}/${link.subject}`, user: link.username, detail: "linked" },
      tenant,
    ),
  );
  if (!added) throw new IdentityLinkedElsewhere();
}

/** Removes the link if it belongs to that user; true when something was removed. */
export async function removeLink(
  tenant: string,
  username: string,
  providerId: string,
  subject: string,
): Promise<boolean> {
  return conditionHeld(
    writeAudited(
      "dynamodb:DeleteItem",
      [
        {
          Delete: {
            TableName: tableName(),
            Key: keys.link(tenant, providerId, subject),
            ConditionExpression: "username = :username",
            ExpressionAttributeValues: { ":username": username },
          },
        },
      ],
      { target: `${providerId}/${subject}`, user: username, detail: "unlinked" },
      tenant,
    ),
  );
}

/** Removes every link of a user (when the user leaves the directory). */
export async function removeLinksOf(tenant: string, username: string): Promise<void> {
  for (const link of (await listLinks(tenant)).filter((entry) => entry.username === username)) {
    await removeLink(tenant, username, link.providerId, link.subject);
  }
}

const fromItem = (item: Record<string, unknown>): Link => ({
  username: String(item.username),
  providerId: String(item.provider),
  subject: String(item.subject),
  preferredUsername: String(item.preferred_username),
  linkTime: Number(item.link_time),
  ...(item.grant ? { grant: item.grant as LinkGrant } : {}),
});

/** Every link of a tenant, ordered by provider and subject (the directory's purge of a user). */
export async function listLinks(tenant: string): Promise<Link[]> {
  return (await tenantItems(tenant, "LINK#")).map(fromItem);
}

/** One page of a tenant's links, ordered by provider and subject. */
export async function linksPage(tenant: string, page: PageRequest): Promise<Page<Link>> {
  const { items, next } = await tenantPage(tenant, "LINK#", page);
  return { items: items.map(fromItem), next };
}

/** The link of an identity at a provider in a tenant, if any (one read by key). */
export async function findLink(
  tenant: string,
  providerId: string,
  subject: string,
): Promise<Link | undefined> {
  const { Item } = await call(
    "dynamodb:GetItem",
    new GetCommand({ TableName: tableName(), Key: keys.link(tenant, providerId, subject) }),
  );
  return Item ? fromItem(Item) : undefined;
}

/** The user an identity at a provider is linked to in a tenant, if any. */
export async function findLinkedUser(tenant: string, providerId: string, subject: string) {
  return (await findLink(tenant, providerId, subject))?.username;
}
