// SPDX-License-Identifier: MIT
// PLACEHOLDER: replaced by the real tests of this unit before it is committed.
#include "guitestutil.h"

class Test_tierspage : public QObject {
    Q_OBJECT
};

QTEST_MAIN(Test_tierspage)
#include "tst_tierspage.moc"
