import { Form } from "@remix-run/react";
import { BlockStack, Box, Button, Card, InlineStack, Text, TextField } from "@shopify/polaris";
import { useState, type ReactNode } from "react";

/** A list's search: a GET form for `q` that keeps the list's other parameters (null ones are left out). */
export interface TableSearch {
  query: string;
  keep: Record<string, string | null>;
  label: string;
  placeholder: string;
  apply: string;
}

/**
 * A card holding a table edge to edge, under a heading, the lines saying what the table is for and
 * how many rows it has, and the table's search.
 */
export function TableCard({ title, help, count, search, children }: { title: string; help?: string; count?: string; search?: TableSearch; children: ReactNode }) {
  const heading = (
    <BlockStack gap="100">
      <Text as="h2" variant="headingMd">
        {title}
      </Text>
      {[help, count].map((line) =>
        line ? (
          <Text key={line} as="p" tone="subdued">
            {line}
          </Text>
        ) : null,
      )}
    </BlockStack>
  );
  return (
    <Card padding="0">
      <Box padding="400">
        {search ? (
          <InlineStack align="space-between" blockAlign="end" gap="400">
            {heading}
            <SearchForm search={search} />
          </InlineStack>
        ) : (
          heading
        )}
      </Box>
      {children}
    </Card>
  );
}

function SearchForm({ search }: { search: TableSearch }) {
  const [query, setQuery] = useState(search.query);
  return (
    <Form method="get" preventScrollReset>
      {Object.entries(search.keep).map(([name, value]) => (value === null ? null : <input key={name} type="hidden" name={name} value={value} />))}
      <InlineStack gap="200" blockAlign="end">
        <TextField label={search.label} name="q" value={query} onChange={setQuery} placeholder={search.placeholder} autoComplete="off" />
        <Button submit>{search.apply}</Button>
      </InlineStack>
    </Form>
  );
}
