export { cleanHtml, droppedWarnings, type CleanMode, type DroppedCounts } from './clean-html';
export { cleanPastedHtml, readHtmlText, structureDocument, structureFragment, structureSlice, type ReadText } from './structure';
