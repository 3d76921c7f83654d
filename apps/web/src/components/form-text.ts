// A text field of a submitted form. FormData.get answers a string, a File (for a file input or a
// forged request) or null; a File must not become the text "[object File]".
export function formText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}
