import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ModelSummary } from '../../shared/types';
import { updateCurrentModel } from '../../state/activeModelController';
import { candidateLayers, filterLayers } from './layerFilter';

/**
 * The target layer for CAM methods: a filter box and a radio group of the candidate layers with their
 * output shapes, in a box of bounded height (a Teachable Machine model has 154 candidates). Conv layers
 * only by default; the layer in use is named above the list whatever the filter.
 */
export function LayerPicker({ model, chosen, userChose, busy }: { model: ModelSummary; chosen: string | null; userChose: boolean; busy: boolean }) {
  const { t } = useTranslation('phone');
  const all = useMemo(() => candidateLayers(model.layers, model.convLayers, model.camLayers), [model]);
  const hasConv = model.convLayers.length > 0;
  const [query, setQuery] = useState('');
  const [convOnly, setConvOnly] = useState(hasConv);
  const shown = useMemo(() => filterLayers(all, query, convOnly && hasConv), [all, query, convOnly, hasConv]);
  const used = all.find((l) => l.path === chosen);
  const listId = useId();
  return (
    <fieldset className="cam-choice" data-testid="cam-layers">
      <legend>{t('layers.legend')}</legend>
      {all.length === 0 ? (
        <p className="muted">{t('layers.none')}</p>
      ) : (
        <>
          {used && (
            <p className="cam-used" data-testid="cam-used">
              {t('layers.used')} <code>{used.path}</code> <span className="muted">{used.shape}</span>
            </p>
          )}
          <div className="layer-tools">
            <input
              type="search"
              className="layer-filter"
              data-testid="layer-filter"
              placeholder={t('layers.filterPlaceholder')}
              aria-label={t('layers.filterLabel')}
              aria-controls={listId}
              value={query}
              onChange={(e) => setQuery(e.target.value)}
            />
            {hasConv && (
              <label className="check-row">
                <input type="checkbox" data-testid="layer-conv-only" checked={convOnly} onChange={(e) => setConvOnly(e.target.checked)} />
                {t('layers.convOnly')}
              </label>
            )}
            <span className="muted layer-count" data-testid="layer-count" aria-live="polite">
              {t('layers.count', { shown: shown.length, total: all.length })}
            </span>
          </div>
          <div id={listId} className="cam-list" role="radiogroup" aria-label={t('layers.legend')} data-testid="cam-list">
            {shown.length === 0 && <p className="muted">{t('layers.noMatch')}</p>}
            {shown.map((l) => (
              <label key={l.path} className={`cam-row${l.path === chosen ? ' chosen' : ''}`}>
                <input type="radio" name="cam-layer" value={l.path} checked={l.path === chosen} disabled={busy} onChange={() => void updateCurrentModel({ camLayer: l.path })} />
                <code title={l.path}>{l.path}</code>
                <span className="muted cam-shape">{l.shape}{l.isConv ? '' : ` · ${t('layers.notConv')}`}</span>
                {l.path === chosen && <span className="tag-soft">{t('layers.usedTag')}</span>}
              </label>
            ))}
          </div>
          <p className="muted hint">
            {userChose ? (
              <>
                {t('layers.youChose')} <button type="button" className="link" onClick={() => void updateCurrentModel({ camLayer: null })}>{t('layers.useAuto')}</button>
              </>
            ) : (
              t('layers.auto')
            )}{' '}
            {t('layers.methodOverride')}
          </p>
        </>
      )}
    </fieldset>
  );
}
