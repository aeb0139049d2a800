import type { DisplayConfiguration, Service } from "../kernel/domain.js";
import { writeAudited } from "./audit.js";
import { conditionHeld, getItem, keys, tableName, tenantItems } from "./dynamo.js";

/** A tenant's non-secret settings of one provider: where it is enabled and how its buttons look. */
export interface ProviderSettings {
  readonly enabled: Partial<Record<Service, boolean>>;
  readonly display: Partial<Record<Service, DisplayConfiguration>>;
}

const EMPTY: ProviderSettings = { enabled: {}, display: {} };

function fromItem(item: Record<string, unknown> | undefined): ProviderSettings {
  if (!item) return EMPTY;
  return {
    enabled: (item.enabled as ProviderSettings["enabled"]) ?? {},
    display: (item.display as ProviderSettings["display"]) ?? {},
  };
}

export async function getProviderSettings(tenant: string, provider: string): Promise<ProviderSettings> {
  const Item = await getItem(keys.provider(tenant, provider));
  return fromItem(Item);
}

/** Every provider's settings of a tenant, by provider id. */
export async function listProviderSettings(tenant: string): Promise<Map<string, ProviderSettings>> {
  const items = await tenantItems(tenant, "PROVIDER#");
  return new Map(items.map((item) => [String(item.sk).slice("PROVIDER#".length), fromItem(item)]));
}

/** Writes one service's entry of a map attribute (`enabled` or `display`), creating the item if needed. */
async function setEntry(
  tenant: string,
  provider: string,
  attribute: "enabled" | "display",
  service: Service,
  value: unknown,
) {
  const base = {
    TableName: tableName(),
    Key: keys.provider(tenant, provider),
    ExpressionAttributeNames: {
      "#map": attribute,
      "#service": service,
      "#type": "type",
      "#tenant": "tenant",
    },
  };
  const event = {
    target: `${provider}/${service}`,
    detail: attribute === "enabled" ? (value ? "enabled" : "disabled") : "display configuration set",
  };
  const set = await conditionHeld(
    writeAudited(
      "dynamodb:UpdateItem",
      [
        {
          Update: {
            ...base,
            UpdateExpression: "SET #map.#service = :value, #type = :type, #tenant = :tenant",
            ConditionExpression: "attribute_exists(#map)",
            ExpressionAttributeValues: { ":value": value, ":type": "provider-settings", ":tenant": tenant },
          },
        },
      ],
      event,
      tenant,
    ),
  );
  if (set) return;
  // The map does not exist yet: create it holding this one entry (if_not_exists keeps a racing writer's map).
  await writeAudited(
    "dynamodb:UpdateItem",
    [
      {
        Update: {
          ...base,
          ExpressionAttributeNames: { "#map": attribute, "#type": "type", "#tenant": "tenant" },
          UpdateExpression: "SET #map = if_not_exists(#map, :map), #type = :type, #tenant = :tenant",
          ExpressionAttributeValues: {
            ":map": { [service]: value },
            ":type": "provider-settings",
            ":tenant": tenant,
          },
        },
      },
    ],
    event,
    tenant,
  );
  await setEntry(tenant, provider, attribute, service, value);
}

export function setEnabled(
  tenant: string,
  provider: string,
  service: Service,
  enabled: boolean,
): Promise<void> {
  return setEntry(tenant, provider, "enabled", service, enabled);
}

export function setDisplay(
  tenant: string,
  provider: string,
  service: Service,
  display: DisplayConfiguration,
): Promise<void> {
  return setEntry(tenant, provider, "display", service, display);
}
