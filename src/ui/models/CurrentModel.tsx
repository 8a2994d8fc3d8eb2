import { useTranslation } from 'react-i18next';
import { useStudio } from '../../state/store';
import { loadDemoModel } from '../../state/activeModelController';
import { saveCurrentModel } from '../../state/libraryController';
import { downloadModel } from './download';
import { modelChangeBlocked, reasonText } from '../../state/availability';
import { formatPercent } from '../../state/trainingSlice';
import { MetadataEditor } from './MetadataEditor';
import { FileStorageNote } from '../FileStorageNote';
import { LayerPicker } from './LayerPicker';
import { shapeText } from './layerFilter';

const SOURCES = ['demo', 'trained', 'uploaded', 'teachable-machine'];

/** The active model: summary, its labels and preprocessing, the CAM layer, and all its layers. */
export function CurrentModel() {
  const { t, i18n } = useTranslation('phone');
  const model = useStudio((s) => s.model);
  const origin = useStudio((s) => s.modelOrigin);
  const busy = useStudio((s) => s.libraryBusy);
  const trainStatus = useStudio((s) => s.trainStatus);
  const swapBlocked = modelChangeBlocked({ trainStatus, switchingBackend: false });
  if (!model || !origin) return <section className="panel"><p className="muted">{t('model.reading')}</p></section>;
  const nf = new Intl.NumberFormat(i18n.language);
  const meta = origin.metadata;
  const out = model.layers[model.layers.length - 1]?.outputShape ?? [];
  const accuracy = meta.validationAccuracy ?? meta.testAccuracy;
  const chosen = model.defaultCamLayer;
  const source = SOURCES.includes(meta.source ?? '') ? t(`model.source.${meta.source}`) : t('model.source.other');
  return (
    <section className="panel current-model" aria-label={t('model.title')} data-testid="current-model">
      <div className="panel-head">
        <h2>{t('model.title')}</h2>
        <span className="tag-soft">{source}</span>
      </div>
      <p className="model-title" data-testid="current-model-name">{model.name}</p>
      <dl className="summary" data-testid="model-summary">
        <div><dt>{t('model.layers')}</dt><dd>{nf.format(model.layers.length)}</dd></div>
        <div><dt>{t('model.params')}</dt><dd>{nf.format(model.params)}</dd></div>
        <div><dt>{t('model.input')}</dt><dd>{shapeText(model.inputShape)}</dd></div>
        <div><dt>{t('model.output')}</dt><dd>{shapeText(out)}</dd></div>
        <div><dt>{t('model.classes')}</dt><dd>{model.labels.join(', ')}</dd></div>
        {accuracy !== undefined && <div><dt>{meta.validationAccuracy !== undefined ? t('model.valAcc') : t('model.testAcc')}</dt><dd>{formatPercent(accuracy)}</dd></div>}
      </dl>
      <div className="model-actions">
        <button className="primary" data-testid="save-current" disabled={Boolean(busy) || origin.libraryId !== null} onClick={() => void saveCurrentModel()}>
          {origin.libraryId ? t('model.inLibrary') : t('model.save')}
        </button>
        <button data-testid="download-current" disabled={Boolean(busy)} onClick={() => void downloadModel(null)}>{t('model.download')}</button>
        {meta.source !== 'demo' && <button className="link" disabled={Boolean(busy) || Boolean(swapBlocked)} title={reasonText(swapBlocked)} onClick={() => void loadDemoModel()}>{t('model.backToDemo')}</button>}
      </div>
      <FileStorageNote />
      {(meta.needsReview || origin.warnings.length > 0) && (
        <div className="warn" role="note" data-testid="model-warnings">
          {meta.needsReview && (
            <p>
              <strong>{t('model.checkBelow')}</strong>
              {origin.warnings.length ? ':' : t('model.guessed')}
            </p>
          )}
          {origin.warnings.length > 0 && (
            <ul>
              {origin.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      <details className="about meta-details" open={Boolean(meta.needsReview)}>
        <summary>{t('model.labelsAndPrep')}</summary>
        <MetadataEditor key={`${origin.serial}:${JSON.stringify(meta.labels)}:${JSON.stringify(meta.preprocessing)}`} meta={meta} model={model} inLibrary={origin.libraryId !== null} />
      </details>
      <LayerPicker model={model} chosen={chosen} userChose={Boolean(meta.camLayer)} busy={Boolean(busy)} />
      <details className="layers">
        <summary>{t('model.allLayers', { count: model.layers.length })}</summary>
        <div className="layer-table-wrap">
          <table className="layer-table">
            <thead><tr><th>{t('model.col.layer')}</th><th>{t('model.col.class')}</th><th>{t('model.col.output')}</th><th>{t('model.col.params')}</th></tr></thead>
            <tbody>
              {model.layers.map((l) => (
                <tr key={l.path} className={l.path === chosen ? 'chosen' : l.isConv ? 'conv' : ''}>
                  <td><code>{l.path}</code></td>
                  <td>{l.className}</td>
                  <td>{shapeText(l.outputShape)}</td>
                  <td>{nf.format(l.params)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}
