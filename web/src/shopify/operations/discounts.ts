import { graphql } from './operation.js';

/** The parts of the Admin API's discount inputs the app uses (names as in the 2026-10 schema). */
export interface DiscountContextInput {
  customers: { add: string[] };
}

export interface DiscountCombinesWithInput {
  orderDiscounts: boolean;
  productDiscounts: boolean;
  shippingDiscounts: boolean;
}

export interface DiscountMinimumRequirementInput {
  /** Decimal, as a string. */
  subtotal: { greaterThanOrEqualToSubtotal: string };
}

interface DiscountCodeCommonInput {
  title: string;
  code: string;
  /** ISO 8601 date-time. */
  startsAt: string;
  endsAt: string;
  usageLimit: number;
  appliesOncePerCustomer: boolean;
  context: DiscountContextInput;
  combinesWith: DiscountCombinesWithInput;
  minimumRequirement?: DiscountMinimumRequirementInput;
}

export type DiscountCustomerGetsValueInput =
  | { percentage: number }
  | { discountAmount: { amount: string; appliesOnEachItem: boolean } };

export type DiscountItemsInput = { all: true } | { products: { productVariantsToAdd: string[] } };

export interface DiscountCodeBasicInput extends DiscountCodeCommonInput {
  customerGets: { value: DiscountCustomerGetsValueInput; items: DiscountItemsInput };
}

export type DiscountCodeFreeShippingInput = DiscountCodeCommonInput & {
  destination: { all: true };
};

export interface DiscountUserError {
  field: string[] | null;
  message: string;
  code: string | null;
}

interface CodeDiscountCreatePayload {
  codeDiscountNode: { id: string } | null;
  userErrors: DiscountUserError[];
}

export const DISCOUNT_CODE_BASIC_CREATE = graphql<
  { discountCodeBasicCreate: CodeDiscountCreatePayload },
  { input: DiscountCodeBasicInput }
>`
  mutation DiscountCodeBasicCreate($input: DiscountCodeBasicInput!) {
    discountCodeBasicCreate(basicCodeDiscount: $input) {
      codeDiscountNode {
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

export const DISCOUNT_CODE_FREE_SHIPPING_CREATE = graphql<
  { discountCodeFreeShippingCreate: CodeDiscountCreatePayload },
  { input: DiscountCodeFreeShippingInput }
>`
  mutation DiscountCodeFreeShippingCreate($input: DiscountCodeFreeShippingInput!) {
    discountCodeFreeShippingCreate(freeShippingCodeDiscount: $input) {
      codeDiscountNode {
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

/** Whether a code exists on the platform (reconciling a redemption whose outcome is unknown). */
export const CODE_DISCOUNT_NODE_BY_CODE = graphql<{ codeDiscountNodeByCode: { id: string } | null }, { code: string }>`
  query CodeDiscountNodeByCode($code: String!) {
    codeDiscountNodeByCode(code: $code) {
      id
    }
  }
`;

/** Whether a code (by its node id) still exists on the platform (`discountNode`: `codeDiscountNode` is deprecated). */
export const DISCOUNT_NODE = graphql<{ discountNode: { id: string } | null }, { id: string }>`
  query DiscountNode($id: ID!) {
    discountNode(id: $id) {
      id
    }
  }
`;

/** Deletes a code (a redemption given back while its code was being created: the code must not stay usable). */
export const DISCOUNT_CODE_DELETE = graphql<
  { discountCodeDelete: { deletedCodeDiscountId: string | null; userErrors: DiscountUserError[] } },
  { id: string }
>`
  mutation DiscountCodeDelete($id: ID!) {
    discountCodeDelete(id: $id) {
      deletedCodeDiscountId
      userErrors {
        field
        message
        code
      }
    }
  }
`;
