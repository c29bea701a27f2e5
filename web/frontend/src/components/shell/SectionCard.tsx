import { BlockStack, Card, Text } from '@shopify/polaris';
import type { ReactNode } from 'react';

interface Props {
  title: string;
  /** A line under the title, in subdued text. */
  description?: string;
  children: ReactNode;
}

/** A card with a heading (and an optional description) above its content: every section of the admin. */
export function SectionCard({ title, description, children }: Props) {
  return (
    <Card>
      <BlockStack gap="400">
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">
            {title}
          </Text>
          {description && (
            <Text as="p" tone="subdued">
              {description}
            </Text>
          )}
        </BlockStack>
        {children}
      </BlockStack>
    </Card>
  );
}
