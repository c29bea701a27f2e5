import { fragment, graphql } from './operation.js';

/** The parts of the Admin API's draft order input the app uses (names as in the 2026-10 schema). */
export interface DraftOrderAppliedDiscountInput {
  valueType: 'PERCENTAGE' | 'FIXED_AMOUNT';
  /** PERCENTAGE: 0..100. */
  value: number;
  title: string;
  description?: string;
}

export interface DraftOrderInput {
  purchasingEntity: { customerId: string };
  lineItems: { variantId: string; quantity: number }[];
  /** The order-level discount. */
  appliedDiscount: DraftOrderAppliedDiscountInput;
  /** Ship to the customer's default address. */
  useCustomerDefaultAddress: boolean;
  note: string;
  tags: string[];
}

interface UserError {
  field: string[] | null;
  message: string;
}

export interface DraftOrderNode {
  /** `gid://shopify/DraftOrder/{id}` */
  id: string;
  status: 'OPEN' | 'INVOICE_SENT' | 'COMPLETED';
  /** The order it became once completed. */
  order: { id: string; name: string } | null;
}

const DRAFT_ORDER_FIELDS = fragment`
  fragment GiftDraftOrder on DraftOrder {
    id
    status
    order {
      id
      name
    }
  }
`;

export const DRAFT_ORDER_CREATE = graphql<
  { draftOrderCreate: { draftOrder: DraftOrderNode | null; userErrors: UserError[] } },
  { input: DraftOrderInput }
>`
  mutation DraftOrderCreate($input: DraftOrderInput!) {
    draftOrderCreate(input: $input) {
      draftOrder {
        ...GiftDraftOrder
      }
      userErrors {
        field
        message
      }
    }
  }
  ${DRAFT_ORDER_FIELDS}
`;

/** Turns a draft into an order; a draft that sums to zero needs no payment. */
export const DRAFT_ORDER_COMPLETE = graphql<
  { draftOrderComplete: { draftOrder: DraftOrderNode | null; userErrors: UserError[] } },
  { id: string }
>`
  mutation DraftOrderComplete($id: ID!) {
    draftOrderComplete(id: $id) {
      draftOrder {
        ...GiftDraftOrder
      }
      userErrors {
        field
        message
      }
    }
  }
  ${DRAFT_ORDER_FIELDS}
`;

/** A draft's state (a retry after a lost answer: completed already, or still open). */
export const DRAFT_ORDER_STATE = graphql<{ draftOrder: DraftOrderNode | null }, { id: string }>`
  query DraftOrderState($id: ID!) {
    draftOrder(id: $id) {
      ...GiftDraftOrder
    }
  }
  ${DRAFT_ORDER_FIELDS}
`;

export interface TaggedDraftOrderNode extends DraftOrderNode {
  tags: string[];
}

/**
 * Drafts found by a search (`tag:"…"`): a retry looks for the draft a crashed attempt created but never stored.
 * Completed drafts are listed too (with the order they became). `tags` lets the caller check the match itself.
 */
export const DRAFT_ORDERS_SEARCH = graphql<{ draftOrders: { nodes: TaggedDraftOrderNode[] } }, { query: string; first: number }>`
  query DraftOrdersSearch($query: String!, $first: Int!) {
    draftOrders(first: $first, query: $query) {
      nodes {
        ...GiftDraftOrder
        tags
      }
    }
  }
  ${DRAFT_ORDER_FIELDS}
`;
