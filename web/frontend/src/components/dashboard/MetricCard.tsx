import { BlockStack, Card, Text } from '@shopify/polaris';

interface Props {
  /** Stable id for tests and anchors: `metric-{id}`. */
  id: string;
  label: string;
  value: string;
  help: string;
}

export function MetricCard({ id, label, value, help }: Props) {
  const labelId = `metric-${id}-label`;
  return (
    <Card>
      <section aria-labelledby={labelId}>
        <BlockStack gap="200">
          <Text as="h3" variant="headingSm" id={labelId}>
            {label}
          </Text>
          <Text as="p" variant="heading2xl" id={`metric-${id}`}>
            {value}
          </Text>
          <Text as="p" variant="bodySm" tone="subdued">
            {help}
          </Text>
        </BlockStack>
      </section>
    </Card>
  );
}
