import type { ReactNode } from 'react';
import { Alert, Button, Group, Modal, Stack } from '@mantine/core';
import { errorMessage } from '../api/api-error.js';

export interface ConfirmDeleteModalProps {
  readonly opened: boolean;
  /** Closes the dialog (Cancel too); the caller also forgets a refusal. */
  readonly onClose: () => void;
  /** The question, e.g. "Delete this host?" */
  readonly title: string;
  /** What the delete does and when orchd refuses it. */
  readonly children: ReactNode;
  /** orchd's refusal (null: none yet), shown in its words under "Not deleted". */
  readonly error: unknown;
  /** More about the refusal, under its message (the hosts that hold a profile). */
  readonly errorDetail?: ReactNode;
  /** Buttons between Cancel and the delete (delete what blocks it first). */
  readonly extraActions?: ReactNode;
  /** The delete button's words, e.g. "Delete host". */
  readonly confirmLabel: string;
  readonly pending: boolean;
  readonly onConfirm: () => void;
}

/** Asks before a delete; a refusal stays in the dialog so the operator can act on it. */
export function ConfirmDeleteModal(props: ConfirmDeleteModalProps) {
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={props.title}>
      <Stack>
        {props.children}
        {props.error != null && (
          <Alert color="red" title="Not deleted" role="alert">
            {errorMessage(props.error)}
            {props.errorDetail}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            Cancel
          </Button>
          {props.extraActions}
          <Button color="red" loading={props.pending} onClick={props.onConfirm}>
            {props.confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
