import { graphql } from './operation.js';

/** The tag and metafield writes of the customer sync (web/src/customer-sync), as in the 2026-10 schema. */

interface UserErrorFields {
  field: string[] | null;
  message: string;
}

interface TagsPayload {
  userErrors: UserErrorFields[];
}

export interface TagsVariables {
  /** The customer's GID. */
  id: string;
  tags: string[];
}

export const TAGS_ADD = graphql<{ tagsAdd: TagsPayload }, TagsVariables>`
  mutation CustomerTagsAdd($id: ID!, $tags: [String!]!) {
    tagsAdd(id: $id, tags: $tags) {
      userErrors {
        field
        message
      }
    }
  }
`;

export const TAGS_REMOVE = graphql<{ tagsRemove: TagsPayload }, TagsVariables>`
  mutation CustomerTagsRemove($id: ID!, $tags: [String!]!) {
    tagsRemove(id: $id, tags: $tags) {
      userErrors {
        field
        message
      }
    }
  }
`;

/**
 * A tier change in one call: the old tier tags go, then the new one comes (a mutation's top-level fields run in
 * order), so a customer never carries two tier tags, and the call costs one round trip instead of two.
 */
export const TAGS_REPLACE = graphql<{ tagsRemove: TagsPayload; tagsAdd: TagsPayload }, { id: string; remove: string[]; add: string[] }>`
  mutation CustomerTagsReplace($id: ID!, $remove: [String!]!, $add: [String!]!) {
    tagsRemove(id: $id, tags: $remove) {
      userErrors {
        field
        message
      }
    }
    tagsAdd(id: $id, tags: $add) {
      userErrors {
        field
        message
      }
    }
  }
`;

export interface MetafieldsSetInput {
  ownerId: string;
  namespace: string;
  key: string;
  type: string;
  value: string;
}

export const METAFIELDS_SET = graphql<
  {
    metafieldsSet: {
      metafields: { key: string; namespace: string }[] | null;
      userErrors: (UserErrorFields & { code: string | null; elementIndex: number | null })[];
    };
  },
  { metafields: MetafieldsSetInput[] }
>`
  mutation CustomerMetafieldsSet($metafields: [MetafieldsSetInput!]!) {
    metafieldsSet(metafields: $metafields) {
      metafields {
        key
        namespace
      }
      userErrors {
        field
        message
        code
        elementIndex
      }
    }
  }
`;

export interface MetafieldDefinitionInput {
  namespace: string;
  key: string;
  name: string;
  description: string;
  type: string;
  ownerType: 'CUSTOMER';
  access: { admin: 'MERCHANT_READ' };
  pin: boolean;
}

/** A customer metafield definition of the sync's metafields: typed values, a name in the admin, segment filters. */
export const METAFIELD_DEFINITION_CREATE = graphql<
  {
    metafieldDefinitionCreate: {
      createdDefinition: { id: string } | null;
      userErrors: (UserErrorFields & { code: string | null })[];
    };
  },
  { definition: MetafieldDefinitionInput }
>`
  mutation CustomerMetafieldDefinitionCreate($definition: MetafieldDefinitionInput!) {
    metafieldDefinitionCreate(definition: $definition) {
      createdDefinition {
        id
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;
