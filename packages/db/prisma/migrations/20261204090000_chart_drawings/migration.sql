-- Chart drawings: one row per user and symbol, holding the symbol's whole set of drawings.

-- CreateTable
CREATE TABLE "ChartDrawings" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "symbol" VARCHAR(20) NOT NULL,
    "drawings" JSONB NOT NULL,
    "drawingCount" INTEGER NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ChartDrawings_pkey" PRIMARY KEY ("id"),
    -- Not in schema.prisma (Prisma cannot express checks): the set is an array and drawingCount,
    -- which the symbols list and the quota read instead of the JSON, is its length.
    CONSTRAINT "ChartDrawings_drawingCount_check" CHECK (
        CASE WHEN jsonb_typeof("drawings") = 'array'
             THEN "drawingCount" = jsonb_array_length("drawings")
             ELSE false
        END
    )
);

-- CreateIndex
CREATE UNIQUE INDEX "ChartDrawings_userId_symbol_key" ON "ChartDrawings"("userId", "symbol");

-- AddForeignKey
ALTER TABLE "ChartDrawings" ADD CONSTRAINT "ChartDrawings_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
