// Shared blocks first: the screens' sheets (imported with their components) refine them.
import './ui/blocks.css';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import './styles.css';

createRoot(document.getElementById('root')!).render(<App />);
