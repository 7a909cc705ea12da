#include "CSkywireShims.h"
