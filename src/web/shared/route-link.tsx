import type { ReactNode } from 'react';
import { Anchor, type AnchorProps } from '@mantine/core';
import { useRouter } from '../app/router.js';

export interface RouteLinkProps extends AnchorProps {
  /** A console path (see `paths`). */
  readonly to: string;
  readonly children: ReactNode;
}

/**
 * A link to a console page: a real href (open in a new tab, copy the address) that a plain
 * click follows without reloading the console.
 */
export function RouteLink({ to, children, ...anchor }: RouteLinkProps) {
  const { navigate } = useRouter();
  return (
    <Anchor
      {...anchor}
      href={to}
      onClick={(event) => {
        event.preventDefault();
        navigate(to);
      }}
    >
      {children}
    </Anchor>
  );
}
