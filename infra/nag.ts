/**
 * Helpers to acknowledge cdk-nag (v3) findings precisely. A granular finding id embeds the resource as cdk-nag
 * prints it (`arn:<AWS::Partition>:s3:::*`, `<Table1234.Arn>/index/*`), which depends on whether the stack has
 * an explicit environment; {@link nagResource} renders a resource string the same way.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** Flattens a resolved CloudFormation value (`Fn::Join`, `Ref`, `Fn::GetAtt`) into one string, as cdk-nag does. */
export function flattenCfnValue(node: unknown): string {
  if (node === undefined) return '';
  if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/}/g, '>');
  if (node !== null && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    const join = record['Fn::Join'];
    if (Array.isArray(join)) {
      const [delimiter, items] = join as [string, unknown[]];
      return items.map(flattenCfnValue).join(delimiter);
    }
    const getAtt = record['Fn::GetAtt'];
    if (Array.isArray(getAtt)) return `<${flattenCfnValue(getAtt[0])}.${flattenCfnValue(getAtt[1])}>`;
    if ('Ref' in record) return `<${flattenCfnValue(record.Ref)}>`;
    if ('Fn::Sub' in record) return flattenCfnValue(record['Fn::Sub']);
  }
  return JSON.stringify(node);
}

/** The resource as it appears in a cdk-nag finding id, e.g. `arn:<AWS::Partition>:s3:::*`. */
export function nagResource(scope: IConstruct, resource: string): string {
  return flattenCfnValue(Stack.of(scope).resolve(resource));
}

/** Acknowledges `AwsSolutions-IAM5[Resource::<resource>]` on `scope` and its children. */
export function acknowledgeWildcardResource(scope: IConstruct, resource: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `AwsSolutions-IAM5[Resource::${nagResource(scope, resource)}]`, reason });
}

/** Acknowledges one rule (or granular finding) on `scope` and its children. */
export function acknowledgeRule(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}
