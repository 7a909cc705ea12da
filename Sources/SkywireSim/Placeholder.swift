public enum SkywireSimPlaceholder {}
