import type { IssueFailureCode } from '../../rewards/issue-failure.js';
import type { StoredFailure } from '../../rewards/failure-columns.js';
import type { Assert, Equals } from '../wire/checks.js';
import type * as Wire from '../wire/index.js';

// The wire's list of the shared codes is the server's: a new code must be added to the wire types too.
type _IssueFailureCodes = Assert<Equals<IssueFailureCode, Wire.IssueFailureCode>>;

/** A stored failure's fields: the code and its parameters for the admin to word, the English detail beside them. */
export function failureJson<Code extends string>(failure: StoredFailure<Code> | null): Wire.FailureFieldsOf<Code> {
  return { error: failure?.detail ?? null, errorCode: failure?.code ?? null, errorParams: failure?.params ?? {} };
}
