// Beside the explanation (issue 17, "The model's insides (Models view, and beside the explanation)"): the CAM
// target layer's channels for the image being explained, each with its Grad-CAM weight for the predicted
// class, in a section of the Explain view's side panel that computes only when opened.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LayerActivationsView } from './LayerActivations';

/** A closed <details> that shows `layer`'s activations for the selected image once opened. */
export function InsideNow({ layer }: { layer: string }) {
  const { t } = useTranslation('insides');
  const [open, setOpen] = useState(false);
  return (
    <details className="about inside-now" data-testid="inside-now" onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary>{t('besideExplanation', { layer })}</summary>
      {open && <LayerActivationsView layer={layer} />}
    </details>
  );
}
