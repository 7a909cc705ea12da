public enum SkywireTunPlaceholder {}
