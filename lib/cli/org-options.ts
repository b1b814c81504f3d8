/** Options of organization scans (`perfscan scan --accounts | --organization`): light, loaded at startup. */
import { InvalidArgumentError } from 'commander';
import { intIn } from './options.js';

export function parseAccountIds(value: string): string[] {
  const ids = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (ids.length === 0)
    throw new InvalidArgumentError('Expected a comma-separated list of 12-digit account ids.');
  for (const id of ids)
    if (!/^\d{12}$/.test(id))
      throw new InvalidArgumentError(
        `'${id}' is not a 12-digit AWS account id. Fix: use ids such as 111122223333.`,
      );
  return [...new Set(ids)];
}

export function parseRoleName(value: string): string {
  if (!/^[\w+=,.@-]{1,64}$/.test(value))
    throw new InvalidArgumentError(
      'Expected an IAM role name: letters, digits and +=,.@_-, up to 64 characters.',
    );
  return value;
}

export function parseExternalId(value: string): string {
  if (!/^[\w+=,.@:/-]{2,1224}$/.test(value))
    throw new InvalidArgumentError('Expected 2-1224 characters from letters, digits and +=,.@:/-.');
  return value;
}

export const parseAccountConcurrency = intIn(1, 32, 'the number of accounts prepared at once');
