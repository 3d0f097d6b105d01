// The pieces every screen is made of: its heading row, a card, a badge, a back link, and what
// shows while it loads or when it failed.
import { Box, Text } from "@saleor/macaw-ui";
import type { ReactNode } from "react";

import { useT } from "../i18n";

export function PageHeader({ title, children }: { title: ReactNode; children?: ReactNode }) {
  return (
    <Box as="header" className="page-header" display="flex" flexWrap="wrap" alignItems="center" gap={3} marginBottom={4}>
      <Text as="h1" size={9} fontWeight="bold">
        {title}
      </Text>
      {children}
    </Box>
  );
}

export function Card({ children, className, label, ...rest }: { children: ReactNode; className?: string; label?: string; [key: string]: unknown }) {
  return (
    <Box
      as="section"
      className={`card ${className ?? ""}`}
      aria-label={label}
      backgroundColor="default1"
      borderColor="default1"
      borderStyle="solid"
      borderWidth={1}
      borderRadius={4}
      padding={4}
      marginBottom={4}
      {...rest}
    >
      {children}
    </Box>
  );
}

export function Heading({ children, id, level = 2 }: { children: ReactNode; id?: string; level?: 2 | 3 | 4 }) {
  const size = level === 2 ? 7 : level === 3 ? 5 : 4;
  return (
    <Text as={`h${level}`} id={id} size={size} fontWeight="bold" display="block" marginBottom={3}>
      {children}
    </Text>
  );
}

export function Badge({ tone, children }: { tone: string; children: ReactNode }) {
  return <span className={`badge ${tone.toLowerCase()}`}>{children}</span>;
}

export function Hint({ children }: { children: ReactNode }) {
  return (
    <p className="hint">
      {children}
    </p>
  );
}

export function Muted({ children, className }: { children: ReactNode; className?: string }) {
  return (
    <p className={`muted ${className ?? ""}`}>
      {children}
    </p>
  );
}

export function BackLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <a className="back" href={href}>
      {children}
    </a>
  );
}

export function Loading() {
  const { t } = useT();
  return (
    <p role="status" className="loading">
      {t("loading")}
    </p>
  );
}

export function Failed({ message }: { message: string }) {
  const { t } = useT();
  return (
    <p role="alert" className="form-error load-failed">
      {t("failed", { m: message })}
    </p>
  );
}
