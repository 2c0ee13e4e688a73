import * as assert from 'assert';
import {
  allOperatorNames, isArnValue, isBase64Value, isBoolValue, isDateValue, isIpValue, isNumericValue, likeOperatorFor,
  operatorTypeForKey, parseOperator, valueMatchesType,
} from '../../src/iam/conditionOperators';

describe('condition operators', () => {
  it('parses operators with their set qualifier and IfExists suffix', () => {
    assert.deepStrictEqual(parseOperator('ForAnyValue:StringLikeIfExists'), { base: 'StringLike', type: 'String', ifExists: true, qualifier: 'ForAnyValue' });
    assert.deepStrictEqual(parseOperator('ForAllValues:ArnEquals'), { base: 'ArnEquals', type: 'ARN', ifExists: false, qualifier: 'ForAllValues' });
    assert.deepStrictEqual(parseOperator('NumericLessThanEquals'), { base: 'NumericLessThanEquals', type: 'Numeric', ifExists: false, qualifier: undefined });
    assert.deepStrictEqual(parseOperator('NullIfExists'), { base: 'Null', type: 'Null', ifExists: true, qualifier: undefined });
  });

  it('rejects anything that is not an operator, case-sensitively', () => {
    for (const text of ['StringEqual', 'stringequals', 'ForAnyValues:Bool', 'ForAnyValue:', 'IfExists', '', 'toString', 'constructor', 'StringEqualsIfExistsIfExists']) {
      assert.strictEqual(parseOperator(text), undefined, text);
    }
  });

  it('lists every operator and its IfExists form, Null without one', () => {
    const names = allOperatorNames();
    assert.strictEqual(names.length, 27 * 2 - 1);
    assert.ok(names.includes('IpAddressIfExists') && names.includes('Null') && !names.includes('NullIfExists'));
  });

  it('names the Like operator for a literal String operator', () => {
    assert.deepStrictEqual(
      ['StringEquals', 'ForAnyValue:StringNotEqualsIfExists', 'StringLike', 'StringEqualsIgnoreCase', 'ArnEquals'].map(likeOperatorFor),
      ['StringLike', 'ForAnyValue:StringNotLikeIfExists', undefined, undefined, undefined]);
  });

  it('validates Bool and Null values', () => {
    assert.deepStrictEqual(['true', 'false', 'TRUE', true, false].map(isBoolValue), [true, true, true, true, true]);
    assert.deepStrictEqual(['yes', '1', 1, ''].map(isBoolValue), [false, false, false, false]);
  });

  it('validates numbers', () => {
    assert.deepStrictEqual(['10', '-3', '2.5', '+4', '.5', 7, 0.5].map(isNumericValue), [true, true, true, true, true, true, true]);
    assert.deepStrictEqual(['ten', '1e3', '', '1.2.3', true].map(isNumericValue), [false, false, false, false, false]);
  });

  it('validates ISO 8601 dates and epoch seconds, with real calendar days', () => {
    const good = ['2026-01-31', '2026-01-31T12:00Z', '2026-01-31T12:00:00Z', '2026-01-31T12:00:00.123+01:00', '2024-02-29', '1735689600', 1735689600];
    const bad = ['2026-02-29', '2026-13-01', '2026-00-10', '2026-01-32', '2026-01-31T25:00Z', '31/01/2026', 'yesterday', '2026-1-31', '', true, -5];
    assert.deepStrictEqual(good.map(isDateValue), good.map(() => true));
    assert.deepStrictEqual(bad.map(isDateValue), bad.map(() => false));
  });

  it('validates IPv4 and IPv6 addresses and CIDR ranges', () => {
    const good = ['203.0.113.0/24', '203.0.113.7', '0.0.0.0/0', '2001:db8::/32', '::1', '::', '2001:0db8:0000:0000:0000:ff00:0042:8329', '::ffff:192.0.2.128', 'fe80::1/128'];
    const bad = ['10.0.0.0/33', '256.1.1.1', '10.0.0', '2001:db8::/129', '2001:db8:::1', '1:2:3:4:5:6:7:8:9', '2001:db8::g', 'localhost', '10.0.0.0/', '10.0.0.0/08', 42];
    assert.deepStrictEqual(good.map(isIpValue), good.map(() => true));
    assert.deepStrictEqual(bad.map(isIpValue), bad.map(() => false));
  });

  it('validates ARNs and base64', () => {
    assert.deepStrictEqual(['*', 'arn:aws:iam::123456789012:role/x', 'arn:aws:s3:::b/*', 'arn:*:sns:*:*:topic', 'role/x', 'arn:aws:s3', 5].map(isArnValue),
      [true, true, true, true, false, false, false]);
    assert.deepStrictEqual(['QUJD', 'QUI=', '', 'QUJ', 'not base64!'].map(isBase64Value), [true, true, true, false, false]);
  });

  it('accepts policy variables only for String and ARN operators', () => {
    assert.deepStrictEqual((['String', 'ARN', 'Numeric', 'Date', 'Bool', 'IPAddress'] as const).map((t) => valueMatchesType(t, '${aws:username}')),
      [true, true, false, false, false, false]);
    assert.strictEqual(valueMatchesType('String', 42), true);
    assert.strictEqual(valueMatchesType('Null', 'maybe'), false);
  });

  it('maps catalog key types to operator families', () => {
    assert.deepStrictEqual(['String', 'ArrayOfString', 'IPAddress', 'ArrayOfARN', 'Bool', 'Null', 'Unknown'].map(operatorTypeForKey),
      ['String', 'String', 'IPAddress', 'ARN', 'Bool', undefined, undefined]);
  });
});
