// Clinical images (DICOM, 16-bit PNG, TIFF): what the page knows about an image whose stored values are
// wider than 8 bits. The values stay in the worker; the page gets a windowed 8-bit preview, these plain
// fields, and asks the worker for values under the pointer. Plain data only (structured clone).
//
// Standard: DICOM PS3.3 C.11.2.1.2 (Window Center / Window Width, linear VOI LUT function),
// C.7.6.3.1.2 (MONOCHROME1 shown inverted), C.11.1 (Modality LUT: rescale slope / intercept).

/** A window in modality units (HU for CT): values below center - width/2 are black, above center + width/2 white. */
export interface WindowLevel {
  center: number;
  width: number;
}

/** A named window the person can pick: from the file, from the modality's usual presets, or computed from the data. */
export interface WindowPreset extends WindowLevel {
  /** What the person reads on the button: "Lung", "From the file (1 of 2)", "Full range". */
  name: string;
  source: 'file' | 'modality' | 'data';
  /** Where the file gives one: Window Center & Width Explanation (0028,1055). */
  explanation?: string;
}

/** How a clinical image is shown and fed to the model: the model sees exactly this windowed 8-bit image. */
export interface DisplaySettings {
  window: WindowLevel;
  /** Show inverted (true by default for MONOCHROME1, where high values are dark). */
  invert: boolean;
  /** 0-based frame of a multi-frame image. */
  frame: number;
}

/** A non-identifying tag the studio may show: { label: 'Modality', value: 'CT' }. */
export interface ShownTag {
  label: string;
  value: string;
}

/** What ImageInfo.clinical holds for an image with more than 8 bits per value, or a DICOM file. */
export interface ClinicalInfo {
  format: 'dicom' | 'png16' | 'tiff';
  /** Units of the values under the pointer after rescale: 'HU' for CT, '' where the file does not say. */
  units: string;
  frameCount: number;
  display: DisplaySettings;
  presets: WindowPreset[];
  /** Smallest and largest value of the current frame, in modality units. */
  valueRange: [number, number];
  samplesPerPixel: number;
  /** Key tags, never identifying ones (modality, body part, size, bits, transfer syntax, frames). */
  tags: ShownTag[];
  /** The file has identifying tags (patient name, ID, birth date, institution, accession, dates); shown only on request. */
  hasIdentifyingTags: boolean;
}
