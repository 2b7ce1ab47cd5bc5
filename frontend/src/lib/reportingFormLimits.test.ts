import { describe, expect, it } from 'vitest';
import contract from '../../../openapi/openapi.json';
import { LIMITS } from './reportingForms';

/**
 * The drawer's limits are a copy of the contract's, kept in the bundle rather than the whole
 * contract: this test makes the contract their one owner (a change there fails here).
 */
type Bound = { maxLength?: number; maximum?: number; maxItems?: number; pattern?: string };
type Property = Bound & { anyOf?: Bound[] };
const schemas = contract.components.schemas as unknown as Record<string, { properties: Record<string, Property> }>;

/** A property's bounds, through the `anyOf` with null that an optional number is declared as. */
function bound(schema: string, property: string): Bound {
  const declared = schemas[schema]?.properties[property];
  if (declared === undefined) throw new Error(`the contract has no ${schema}.${property}`);
  return declared.anyOf?.find((choice) => choice.maximum !== undefined || choice.maxLength !== undefined) ?? declared;
}

describe('the reporting form drawer checks what the contract declares', () => {
  it.each([
    ['code', bound('ReportingFormCreate', 'code').maxLength],
    ['name', bound('ReportingFormCreate', 'name').maxLength],
    ['indicators', bound('ReportingFormCreate', 'indicators').maxItems],
    ['narrative', bound('ReportingFormCreate', 'narrative').maxItems],
    ['rules', bound('ReportingFormCreate', 'rules').maxItems],
    ['remindDays', bound('ReportingFormCreate', 'remind_days_before').maximum],
    ['windowDays', bound('ReportingFormCreate', 'opens_days_before_end').maximum],
    ['sectionKey', bound('NarrativeSection', 'key').maxLength],
    ['sectionTitle', bound('NarrativeSection', 'title').maxLength],
    ['ruleMessage', bound('CrossRule', 'message').maxLength],
    ['deadlineDays', bound('DeadlineDays', 'commune').maximum],
  ] as const)('%s', (limit, declared) => {
    expect(LIMITS[limit]).toBe(declared);
  });

  it('and the same window for opening and closing, and deadline for every level', () => {
    expect(bound('ReportingFormCreate', 'closes_days_after_deadline').maximum).toBe(LIMITS.windowDays);
    for (const level of ['district', 'province']) expect(bound('DeadlineDays', level).maximum).toBe(LIMITS.deadlineDays);
  });

  it('with the same patterns', () => {
    expect(LIMITS.codePattern.source).toBe(bound('ReportingFormCreate', 'code').pattern?.replace('\\-', '-'));
    expect(LIMITS.sectionKeyPattern.source).toBe(bound('NarrativeSection', 'key').pattern);
  });
});
