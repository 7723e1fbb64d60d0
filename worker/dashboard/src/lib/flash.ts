// A message that survives one navigation ("saved", "created"), shown by the layout and cleared by the next one.
import { signal } from '@preact/signals';

export const flash = signal<{ message: string; path: string } | null>(null);

export function setFlash(message: string, path: string): void {
  flash.value = { message, path };
}
