// Options page entry: the API base URL (the only server the extension talks to) and the language.
import { render } from 'preact';
import { OptionsApp } from './OptionsApp.tsx';

const root = document.getElementById('app');
if (root) render(<OptionsApp />, root);
